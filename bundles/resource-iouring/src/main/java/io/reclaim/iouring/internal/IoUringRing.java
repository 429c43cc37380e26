package io.reclaim.iouring.internal;

import static io.reclaim.iouring.internal.RingLayout.*;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.iouring.Completion;
import io.reclaim.iouring.IoUringException;
import io.reclaim.iouring.Ring;

/**
 * A ring set up by {@code io_uring_setup} and mapped into this process.
 *
 * <p>Locking: every operation holds the read side of {@link #guard}, so {@link #close} (the write
 * side) never unmaps memory another thread is reading. Queueing and submitting are serialised on
 * {@link #submissions}, reaping and waiting on {@link #completions}. A wait in the kernel lasts at
 * most {@link #WAIT_SLICE_NANOS}, so a close waits at most that long for a waiter to notice it.
 *
 * <p>The kernel sees user data as an internal sequence number; the caller's user data and the
 * buffer of each operation are kept in {@link #pending} until its completion is reaped, which keeps
 * the buffer's memory alive while the kernel may write into it. Reachability does not stop a
 * resource bundle that frees its memory deterministically (an off-heap allocation, a mapping), so
 * an operation whose buffer lies in a {@link PinnedRegion} also holds a pin on it until then.
 */
final class IoUringRing implements Ring {

    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Operations that had not completed when their ring was closed. The kernel may still write
     * into their buffers, so those are never freed: the buffer stays reachable, and its pin (if it
     * lies in a {@link PinnedRegion}, e.g. an off-heap allocation) is never closed, so the region
     * stays quarantined.
     */
    private static final Queue<Operation> ABANDONED = new ConcurrentLinkedQueue<>();

    /** @param pin the pin on the region the buffer lies in, or null (a NOP, or memory of no region) */
    private record Operation(long userData, ByteBuffer buffer, Pin pin) {

        void unpin() {
            if (pin != null) {
                pin.close();
            }
        }
    }

    private final int fd;
    private final int submissionEntries;
    private final int completionEntries;
    private final boolean extArg;
    private final List<Mapping> mappings;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private final Memory waitArgument;

    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private final Object submissions = new Object();
    private final Object completions = new Object();
    private final Map<Long, Operation> pending = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private long nextSequence;
    private volatile boolean closing;
    private boolean closed;

    IoUringRing(int fd, Memory params, List<Mapping> mappings, Mapping sqRing, Mapping cqRing, Mapping sqes) {
        this.fd = fd;
        this.submissionEntries = params.getInt(PARAMS_SQ_ENTRIES);
        this.completionEntries = params.getInt(PARAMS_CQ_ENTRIES);
        this.extArg = (params.getInt(PARAMS_FEATURES) & FEAT_EXT_ARG) != 0;
        this.mappings = List.copyOf(mappings);
        this.sq = new SubmissionQueue(sqRing, sqes, params, submissionEntries);
        this.cq = new CompletionQueue(cqRing, params);
        this.waitArgument = new Memory(GETEVENTS_ARG_SIZE + TIMESPEC_SIZE);
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int submissionEntries() {
        return submissionEntries;
    }

    @Override
    public int completionEntries() {
        return completionEntries;
    }

    @Override
    public long mappedBytes() {
        return mappings.stream().mapToLong(Mapping::length).sum();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public boolean isOpen() {
        return !closing;
    }

    @Override
    public void nop(long userData) {
        queue(OP_NOP, -1, null, 0, userData);
    }

    @Override
    public void read(int fd, ByteBuffer target, long fileOffset, long userData) {
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("io_uring cannot read into a read-only buffer");
        }
        queue(OP_READ, fd, target, fileOffset, userData);
    }

    @Override
    public void write(int fd, ByteBuffer source, long fileOffset, long userData) {
        queue(OP_WRITE, fd, source, fileOffset, userData);
    }

    private void queue(byte opcode, int fd, ByteBuffer buffer, long fileOffset, long userData) {
        long address = 0;
        int length = 0;
        if (opcode != OP_NOP) {
            if (fd < 0) {
                throw new IllegalArgumentException("a file descriptor is zero or positive, got " + fd);
            }
            if (fileOffset < -1) {
                throw new IllegalArgumentException("a file offset is zero or positive (or -1 for the current position), got " + fileOffset);
            }
            if (!buffer.isDirect()) {
                throw new IllegalArgumentException("io_uring needs a direct ByteBuffer, got a heap buffer");
            }
            address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) + buffer.position();
            length = buffer.remaining();
        }
        guard.readLock().lock();
        Pin pin = null;
        boolean queued = false;
        try {
            checkOpen();
            // the kernel uses the memory until the completion is reaped: a region must not be freed before
            pin = buffer == null ? null : PinnedRegion.pinContaining(buffer).orElse(null);
            synchronized (submissions) {
                if (inFlight.get() >= completionEntries) {
                    throw new IllegalStateException(this + " has " + completionEntries
                            + " operations in flight, as many as its completion queue holds: reap first");
                }
                if (sq.isFull()) {
                    throw new IllegalStateException(this + " has a full submission queue: submit first");
                }
                long sequence = nextSequence++;
                pending.put(sequence, new Operation(userData, buffer, pin));
                inFlight.incrementAndGet();
                sq.push(opcode, fd, address, length, fileOffset, sequence);
                queued = true;
            }
        } finally {
            if (!queued && pin != null) {
                pin.close();
            }
            guard.readLock().unlock();
        }
    }

    @Override
    public int submit() {
        guard.readLock().lock();
        try {
            checkOpen();
            return submitQueued();
        } finally {
            guard.readLock().unlock();
        }
    }

    private int submitQueued() {
        synchronized (submissions) {
            int total = 0;
            while (sq.unsubmitted() > 0) {
                long taken = Syscalls.enter(fd, sq.unsubmitted(), 0, 0, null, 0);
                if (taken == -Errno.EINTR) {
                    continue;
                }
                if (taken < 0) {
                    throw new IoUringException("io_uring_enter on " + this + " failed: " + Errno.describe((int) -taken), (int) -taken);
                }
                sq.submitted((int) taken);
                total += (int) taken;
            }
            return total;
        }
    }

    @Override
    public List<Completion> reap() {
        guard.readLock().lock();
        try {
            checkOpen();
            synchronized (completions) {
                List<Completion> done = new ArrayList<>();
                takeCompleted(done);
                return List.copyOf(done);
            }
        } finally {
            guard.readLock().unlock();
        }
    }

    @Override
    public List<Completion> await(int minCompletions, Duration timeout) {
        if (minCompletions < 0 || minCompletions > inFlight.get()) {
            throw new IllegalArgumentException("cannot wait for " + minCompletions + " completions: "
                    + inFlight.get() + " operations are in flight on " + this);
        }
        guard.readLock().lock();
        try {
            checkOpen();
            submitQueued();
            synchronized (completions) {
                List<Completion> done = new ArrayList<>();
                takeCompleted(done);
                long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
                while (done.size() < minCompletions) {
                    checkOpen();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    waitInKernel(minCompletions - done.size(), Math.min(left, WAIT_SLICE_NANOS));
                    takeCompleted(done);
                }
                return List.copyOf(done);
            }
        } finally {
            guard.readLock().unlock();
        }
    }

    private void takeCompleted(List<Completion> done) {
        cq.drain((sequence, result) -> {
            Operation operation = pending.remove(sequence);
            if (operation != null) {
                operation.unpin();
                inFlight.decrementAndGet();
                done.add(new Completion(operation.userData(), result));
            }
        });
    }

    /** Waits up to {@code nanos} for {@code wanted} completions; returns early on a signal. */
    private void waitInKernel(int wanted, long nanos) {
        if (!extArg) {
            // kernels before 5.11 cannot bound a wait: run pending task work, then nap briefly
            Syscalls.enter(fd, 0, 0, ENTER_GETEVENTS, null, 0);
            LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
            return;
        }
        waitArgument.clear();
        Pointer timespec = waitArgument.share(GETEVENTS_ARG_SIZE);
        timespec.setLong(0, nanos / 1_000_000_000L);
        timespec.setLong(8, nanos % 1_000_000_000L);
        waitArgument.setLong(GETEVENTS_ARG_TS, Pointer.nativeValue(timespec));
        long result = Syscalls.enter(fd, 0, wanted, ENTER_GETEVENTS | ENTER_EXT_ARG, waitArgument, GETEVENTS_ARG_SIZE);
        if (result < 0 && result != -Errno.ETIME && result != -Errno.EINTR) {
            throw new IoUringException("waiting on " + this + " failed: " + Errno.describe((int) -result), (int) -result);
        }
    }

    /**
     * Waits up to {@code drainTimeout} for the operations the kernel took, then unmaps the rings
     * and closes the ring's fd.
     *
     * @throws IoUringException if unmapping or closing failed, or operations were still in flight
     */
    void close(Duration drainTimeout) {
        closing = true;
        guard.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            int abandoned = drain(drainTimeout);
            List<String> failures = new ArrayList<>();
            for (Mapping mapping : mappings) {
                int errno = mapping.unmap();
                if (errno != 0) {
                    failures.add("munmap of the " + mapping.what() + " failed: " + Errno.describe(errno));
                }
            }
            int errno = Syscalls.close(fd);
            if (errno != 0) {
                failures.add("close failed: " + Errno.describe(errno));
            }
            if (abandoned > 0) {
                failures.add(abandoned + " operations had not completed after " + drainTimeout.toMillis()
                        + " ms; their buffers are kept for good");
            }
            if (!failures.isEmpty()) {
                throw new IoUringException("closing io_uring fd " + fd + ": " + String.join("; ", failures), errno);
            }
        } finally {
            guard.writeLock().unlock();
        }
    }

    /** @return how many operations the kernel took that did not complete in time */
    private int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Completion> discarded = new ArrayList<>();
        int submitted = inFlight.get() - sq.unsubmitted();
        while (submitted > 0) {
            takeCompleted(discarded);
            submitted = inFlight.get() - sq.unsubmitted();
            long left = deadline - System.nanoTime();
            if (submitted <= 0 || left <= 0) {
                break;
            }
            try {
                waitInKernel(submitted, Math.min(left, WAIT_SLICE_NANOS));
            } catch (IoUringException e) {
                break; // the ring is unusable: unmap it anyway and report what is left
            }
        }
        if (submitted > 0) {
            pending.values().forEach(operation -> {
                if (operation.buffer() != null) {
                    ABANDONED.add(operation);
                }
            });
        } else {
            pending.values().forEach(Operation::unpin); // never handed to the kernel
        }
        pending.clear();
        return Math.max(submitted, 0);
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException(this + " is released");
        }
    }

    @Override
    public String toString() {
        return "io_uring fd " + fd + " (" + submissionEntries + " sq / " + completionEntries + " cq entries)";
    }
}
