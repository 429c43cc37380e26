package io.reclaim.iouring.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import io.reclaim.iouring.IoUringException;

/**
 * io_uring's system calls and the memory calls around them, each failing with an
 * {@link IoUringException} that names the call and the errno.
 *
 * <p>The numbers 425 and 426 are the same on every architecture that {@link Availability} accepts:
 * io_uring came after the syscall tables were unified.
 */
final class Syscalls {

    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;

    static final int PROT_READ_WRITE = 0x1 | 0x2;
    static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;

    private static final long MAP_FAILED = -1L;

    private Syscalls() {
    }

    /** @return the ring fd, or the negated errno if the kernel refused */
    static int setup(int entries, Memory params) {
        long fd = LibC.INSTANCE.syscall(SYS_IO_URING_SETUP, (long) entries, params);
        return fd < 0 ? -Native.getLastError() : (int) fd;
    }

    /** @return what {@code io_uring_enter} answered, or the negated errno */
    static long enter(int fd, int toSubmit, int minComplete, int flags, Pointer arg, long argSize) {
        long result = LibC.INSTANCE.syscall(SYS_IO_URING_ENTER, (long) fd, (long) toSubmit,
                (long) minComplete, (long) flags, arg == null ? 0L : (Object) arg, argSize);
        return result < 0 ? -Native.getLastError() : result;
    }

    static Pointer mmap(int fd, long length, long offset, String what) {
        Pointer address = LibC.INSTANCE.mmap(null, length, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset);
        if (address == null || Pointer.nativeValue(address) == MAP_FAILED) {
            int errno = Native.getLastError();
            throw new IoUringException("mmap of the " + what + " of io_uring fd " + fd + " failed: "
                    + Errno.describe(errno), errno);
        }
        return address;
    }

    /** @return 0, or the errno of a failure */
    static int munmap(Pointer address, long length) {
        return LibC.INSTANCE.munmap(address, length) == 0 ? 0 : Native.getLastError();
    }

    /** @return 0, or the errno of a failure */
    static int close(int fd) {
        return LibC.INSTANCE.close(fd) == 0 ? 0 : Native.getLastError();
    }
}
