package io.reclaim.testing.junit;

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
 * A resource type that opens real file channels and, when {@code leaking}, deliberately forgets
 * them at cleanup: the pid keeps holding them in the ledger and the JVM keeps their descriptors.
 * {@link #closeAll()} releases them for real once the test has seen the leak.
 */
final class LeakyFiles extends ResourceManagerSupport<FileChannel> {

    static final String TYPE = "leaky-files";

    private final Path file;
    private final boolean leaking;

    LeakyFiles(ProcessGate gate, Path file, boolean leaking) {
        super(TYPE, gate);
        this.file = file;
        this.leaking = leaking;
    }

    Lease<FileChannel> open(Pid pid) throws IOException {
        return ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.READ));
    }

    long release(Pid caller, Lease<FileChannel> lease) {
        return ledger().release(caller, lease);
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        return leaking ? CleanupStats.NONE : super.cleanup(pid); // the bug under test: nothing is released
    }

    @Override
    protected void release(FileChannel channel) throws IOException {
        channel.close();
    }

    CleanupStats closeAll() {
        return shutdown();
    }

    ResourceCleanup handler() {
        return cleanupHandler();
    }
}
