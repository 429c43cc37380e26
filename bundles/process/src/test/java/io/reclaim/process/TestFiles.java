package io.reclaim.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;

/**
 * A real resource type for these tests: file channels, tracked in the shared ledger behind the
 * process manager's gate. It records every cleanup call, so a test sees that a cleanup ran and
 * what it closed.
 */
public final class TestFiles extends ResourceManagerSupport<FileChannel> {

    public static final String TYPE = "test-files";
    public static final int RANKING = ResourceCleanup.RANKING_FILES;

    private final List<Pid> cleanups = new CopyOnWriteArrayList<>();

    public TestFiles(ProcessGate gate) {
        super(TYPE, gate);
    }

    /** Lets its channels change hands: to another pid, or to an heir. */
    public TestFiles transferable() {
        ledger().allowTransfers(true);
        return this;
    }

    public Lease<FileChannel> open(Pid pid, Path file) throws IOException {
        return ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    @Override
    protected void release(FileChannel channel) throws IOException {
        channel.close();
    }

    @Override
    protected CleanupStats cleanup(Pid pid) {
        cleanups.add(pid);
        return super.cleanup(pid);
    }

    /** The handler the orchestrator runs for this type. */
    @Override
    public ResourceCleanup cleanupHandler() {
        return super.cleanupHandler();
    }

    @Override
    public boolean hasResources(Pid pid) {
        return super.hasResources(pid);
    }

    /** @return the pids cleaned up, in order */
    public List<Pid> cleanups() {
        return List.copyOf(cleanups);
    }
}
