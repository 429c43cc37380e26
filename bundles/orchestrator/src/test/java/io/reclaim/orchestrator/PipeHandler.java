package io.reclaim.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;

/**
 * A cleanup handler over real NIO pipes (two file descriptors each), which notes in a shared
 * journal when it runs and on which thread.
 */
public class PipeHandler implements ResourceCleanup {

    private final String type;
    private final List<String> journal;
    private final Map<Pid, List<Pipe>> held = new ConcurrentHashMap<>();
    private volatile Thread lastThread;
    private volatile boolean lastSawInterrupt;

    public PipeHandler(String type, List<String> journal) {
        this.type = type;
        this.journal = journal;
    }

    /** Opens {@code count} pipes for {@code pid} and returns them. */
    public List<Pipe> open(Pid pid, int count) {
        List<Pipe> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                opened.add(Pipe.open());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        held.computeIfAbsent(pid, p -> new ArrayList<>()).addAll(opened);
        return opened;
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        lastThread = Thread.currentThread();
        lastSawInterrupt = Thread.currentThread().isInterrupted();
        journal.add(type);
        beforeRelease(pid);
        List<Pipe> pipes = held.remove(pid);
        if (pipes == null) {
            return CleanupStats.NONE;
        }
        for (Pipe pipe : pipes) {
            try {
                pipe.source().close();
                pipe.sink().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return CleanupStats.freed(pipes.size(), 0);
    }

    /** Hook for tests: runs in the handler's thread before it releases anything. */
    protected void beforeRelease(Pid pid) {
    }

    @Override
    public String resourceType() {
        return type;
    }

    @Override
    public boolean hasResources(Pid pid) {
        return held.containsKey(pid);
    }

    @Override
    public ResourceUsage usage(Pid pid) {
        List<Pipe> pipes = held.get(pid);
        return pipes == null ? ResourceUsage.NONE : new ResourceUsage(pipes.size(), 0);
    }

    public Thread lastThread() {
        return lastThread;
    }

    public boolean lastSawInterrupt() {
        return lastSawInterrupt;
    }

    public static boolean allClosed(List<Pipe> pipes) {
        return pipes.stream().noneMatch(p -> p.source().isOpen() || p.sink().isOpen());
    }
}
