package io.reclaim.iouring.internal;

import static io.reclaim.iouring.internal.RingLayout.*;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;

import io.reclaim.iouring.IoUringException;

/**
 * Sets up a ring and maps its three regions (submission ring, completion ring, submission
 * entries); on any failure it undoes what it did, so a failed setup leaves no fd and no mapping.
 */
final class RingSetup {

    private RingSetup() {
    }

    static IoUringRing open(int entries, Availability availability) {
        availability.check();
        Memory params = new Memory(PARAMS_SIZE);
        params.clear();
        int fd = Syscalls.setup(entries, params);
        if (fd < 0) {
            int errno = -fd;
            availability.explainRefusal(errno).ifPresent(unavailable -> {
                throw unavailable;
            });
            throw new IoUringException("io_uring_setup with " + entries + " entries failed: " + Errno.describe(errno), errno);
        }
        List<Mapping> mappings = new ArrayList<>(3);
        try {
            int sqEntries = params.getInt(PARAMS_SQ_ENTRIES);
            int cqEntries = params.getInt(PARAMS_CQ_ENTRIES);
            long sqRingSize = params.getInt(PARAMS_SQ_OFF + SQ_ARRAY) + (long) sqEntries * Integer.BYTES;
            long cqRingSize = params.getInt(PARAMS_CQ_OFF + CQ_CQES) + (long) cqEntries * CQE_SIZE;
            Mapping sqRing;
            Mapping cqRing;
            if ((params.getInt(PARAMS_FEATURES) & FEAT_SINGLE_MMAP) != 0) {
                // one mapping serves both rings since Linux 5.4
                long size = Math.max(sqRingSize, cqRingSize);
                sqRing = map(fd, "rings", size, OFF_SQ_RING, mappings);
                cqRing = sqRing;
            } else {
                sqRing = map(fd, "submission ring", sqRingSize, OFF_SQ_RING, mappings);
                cqRing = map(fd, "completion ring", cqRingSize, OFF_CQ_RING, mappings);
            }
            Mapping sqes = map(fd, "submission entries", (long) sqEntries * SQE_SIZE, OFF_SQES, mappings);
            return new IoUringRing(fd, params, mappings, sqRing, cqRing, sqes);
        } catch (RuntimeException | Error e) {
            mappings.forEach(Mapping::unmap);
            Syscalls.close(fd);
            throw e;
        }
    }

    private static Mapping map(int fd, String what, long length, long offset, List<Mapping> mappings) {
        Mapping mapping = new Mapping(what, Syscalls.mmap(fd, length, offset, what), length);
        mappings.add(mapping);
        return mapping;
    }
}
