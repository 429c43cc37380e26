package io.reclaim.process.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits for the exit of every OS child at once: a pidfd per child in one epoll
 * set. When a pidfd turns readable the child is reaped on the spot ({@code waitpid} of that pid,
 * never of any child) and its exit is handed on; handing on must be quick (the manager closes the
 * pid's gate and queues its cleanup), so that 2,000 children exiting together are all seen at once.
 */
final class ExitWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    private static final int BATCH = 256;
    private static final int TICK_MILLIS = 250;
    /** x86-64 packs {@code struct epoll_event} (12 bytes); other architectures align it (16). */
    private static final boolean PACKED = System.getProperty("os.arch", "").matches("amd64|x86_64");
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private record Watched(long pid, int pidfd, IntConsumer onExit) {
    }

    private final NativeProcesses natives;
    private final LibC libc;
    private final int epoll;
    /** Written by {@link #close()}, so that the thread leaves {@code epoll_wait} at once, not at its next tick. */
    private final int wakeup;
    private final Map<Integer, Watched> watched = new ConcurrentHashMap<>();
    private final Runnable tick;
    /** Pidfds taken out of the epoll set after a readiness that was no exit; added back each tick. */
    private final java.util.Queue<Integer> rearm = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param tick run every quarter second on the watcher's thread (the subreaper's orphan scan) */
    ExitWatcher(NativeProcesses natives, Runnable tick) throws IOException {
        this.natives = natives;
        this.libc = natives.libc();
        this.tick = tick;
        this.epoll = libc.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (epoll < 0) {
            throw new IOException("epoll_create1: " + libc.strerror(Native.getLastError()));
        }
        this.wakeup = libc.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeup < 0 || add(wakeup) != 0) {
            int errno = Native.getLastError();
            natives.close(epoll);
            if (wakeup >= 0) {
                natives.close(wakeup);
            }
            throw new IOException("eventfd: " + libc.strerror(errno));
        }
        thread = new Thread(this::run, "reclaim-process-exits");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reaps {@code pid} once it exits and then calls {@code onExit} with its exit status, on the
     * watcher's thread. Takes over {@code pidfd} (closes it). A child that has exited already is
     * reaped at once.
     */
    void watch(long pid, int pidfd, IntConsumer onExit) throws IOException {
        if (closed) {
            natives.close(pidfd);
            throw new IOException("the exit watcher is closed");
        }
        watched.put(pidfd, new Watched(pid, pidfd, onExit));
        int errno = add(pidfd);
        if (errno != 0) {
            watched.remove(pidfd);
            natives.close(pidfd);
            throw new IOException("epoll_ctl(" + pid + "): " + libc.strerror(errno));
        }
    }

    /** @return 0, or the errno of a failed {@code epoll_ctl} */
    private int add(int pidfd) {
        Memory event = new Memory(EVENT_SIZE);
        event.clear();
        event.setInt(0, LibC.EPOLLIN);
        event.setLong(DATA_OFFSET, pidfd);
        return libc.epoll_ctl(epoll, LibC.EPOLL_CTL_ADD, pidfd, event) == 0 ? 0 : Native.getLastError();
    }

    /** @return how many OS processes are watched now */
    int size() {
        return watched.size();
    }

    private void run() {
        Memory events = new Memory((long) EVENT_SIZE * BATCH);
        long nextTick = System.nanoTime();
        while (!closed) {
            int ready = libc.epoll_wait(epoll, events, BATCH, TICK_MILLIS);
            for (int i = 0; i < ready; i++) {
                exited((int) events.getLong((long) i * EVENT_SIZE + DATA_OFFSET));
            }
            if (System.nanoTime() - nextTick >= 0) {
                nextTick = System.nanoTime() + TICK_MILLIS * 1_000_000L;
                for (Integer pidfd = rearm.poll(); pidfd != null; pidfd = rearm.poll()) {
                    add(pidfd);
                }
                try {
                    tick.run();
                } catch (Throwable e) {
                    LOG.warn("scanning for orphans failed", e);
                }
            }
        }
    }

    private void exited(int pidfd) {
        Watched entry = watched.remove(pidfd);
        if (entry == null) {
            return;
        }
        Integer status = natives.reap(entry.pid());
        if (status == null) {
            // readable while still running: not an exit; look again at the next tick, not at once
            LOG.debug("OS process {} is readable but has not exited; watching on", entry.pid());
            libc.epoll_ctl(epoll, LibC.EPOLL_CTL_DEL, pidfd, null);
            watched.put(pidfd, entry);
            rearm.add(pidfd);
            return;
        }
        // closing the pidfd also takes it out of the epoll set
        natives.close(pidfd);
        try {
            entry.onExit().accept(status);
        } catch (Throwable e) {
            LOG.error("handling the exit of OS process {} failed", entry.pid(), e);
        }
    }

    /** Stops watching; children still watched are neither reaped nor reported any more. */
    @Override
    public void close() {
        closed = true;
        Memory one = new Memory(Long.BYTES);
        one.setLong(0, 1);
        libc.write(wakeup, one, Long.BYTES);
        try {
            thread.join(2 * TICK_MILLIS + 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Watched entry : watched.values()) {
            natives.close(entry.pidfd());
        }
        watched.clear();
        natives.close(epoll);
        natives.close(wakeup);
    }
}
