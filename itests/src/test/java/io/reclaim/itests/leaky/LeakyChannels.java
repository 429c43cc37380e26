package io.reclaim.itests.leaky;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;

/**
 * A third-party resource type with a bug: its cleanup forgets to release, so an ended pid's
 * channels stay open and tracked, a leak. In a package of its own, as a real type's manager is:
 * recorded sites leave the manager's own frames out.
 */
public final class LeakyChannels extends ResourceManagerSupport<FileChannel> {

    public static final String TYPE = "leaky-channels";

    public LeakyChannels(ProcessGate gate) {
        super(TYPE, gate);
    }

    public Lease<FileChannel> open(Pid pid, Path file) throws IOException {
        return ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        return CleanupStats.NONE; // the bug
    }

    @Override
    protected void release(FileChannel channel) throws IOException {
        channel.close();
    }

    public ResourceCleanup handler() {
        return cleanupHandler();
    }

    public CleanupStats closeAll() {
        return shutdown();
    }
}
