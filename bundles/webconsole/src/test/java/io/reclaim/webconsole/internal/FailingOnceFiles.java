package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;

/** A resource type holding real open files whose first cleanup throws an Error (a bug): a real leak, reaped later. */
final class FailingOnceFiles implements ResourceCleanup, AutoCloseable {

    private final Map<Pid, FileChannel> open = new ConcurrentHashMap<>();
    private final AtomicBoolean failed = new AtomicBoolean();

    FileChannel open(Pid pid, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        open.put(pid, channel);
        return channel;
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        if (failed.compareAndSet(false, true)) {
            throw new AssertionError("a bug in the failing-once handler");
        }
        FileChannel channel = open.remove(pid);
        if (channel == null) {
            return CleanupStats.NONE;
        }
        try {
            channel.close();
            return CleanupStats.freed(1, 0);
        } catch (IOException e) {
            return CleanupStats.failed(e.toString());
        }
    }

    @Override
    public boolean cleanupMayBlock(Pid pid) {
        return false;
    }

    @Override
    public String resourceType() {
        return "failing-once";
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

    @Override
    public void close() throws IOException {
        for (FileChannel channel : open.values()) {
            channel.close();
        }
    }
}
