package io.reclaim.management.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;

/** A resource type whose cleanup throws an Error before closing the file it holds: a real leaked fd. */
final class Leaky implements ResourceCleanup, AutoCloseable {

    private final Map<Pid, FileChannel> open = new ConcurrentHashMap<>();

    void open(Pid pid, Path file) throws IOException {
        open.put(pid, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        throw new AssertionError("a bug in the leaky handler");
    }

    @Override
    public boolean cleanupMayBlock(Pid pid) {
        return false;
    }

    @Override
    public String resourceType() {
        return "leaky";
    }

    @Override
    public boolean hasResources(Pid pid) {
        return open.containsKey(pid);
    }

    @Override
    public ResourceUsage usage(Pid pid) {
        return hasResources(pid) ? new ResourceUsage(1, 0) : ResourceUsage.NONE;
    }

    @Override
    public List<Pid> owners() {
        return List.copyOf(open.keySet());
    }

    /** Closes what the failing cleanup left, as reaping would. */
    void reap(Pid pid) throws IOException {
        FileChannel channel = open.remove(pid);
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        for (Pid pid : List.copyOf(open.keySet())) {
            reap(pid);
        }
    }
}
