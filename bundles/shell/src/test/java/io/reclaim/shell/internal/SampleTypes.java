package io.reclaim.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.ledger.ResourceManagerSupport;

/** Resource types for self-test tests, on the api's ledger, each with a real resource. */
final class SampleTypes {

    private SampleTypes() {
    }

    /** A type whose handler the test hands to the orchestrator and the commands. */
    abstract static class Type<R> extends ResourceManagerSupport<R> {
        Type(String type, ProcessGate gate) {
            super(type, gate);
        }

        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }
    }

    /** An open file: one file descriptor per sample. */
    static class Files extends Type<FileChannel> {
        private final Path file;

        Files(String type, ProcessGate gate, Path file) {
            super(type, gate);
            this.file = file;
        }

        @Override
        protected void release(FileChannel channel) throws IOException {
            channel.close();
        }

        @Override
        public boolean sample(Pid pid) throws IOException {
            ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.READ));
            return true;
        }

        /** Releases what it still holds, leaked files included, so that the test leaves the JVM as it found it. */
        void closeAll() {
            shutdown();
        }
    }

    /** 4 KiB of direct memory per sample, freed at once on release. */
    static final class Memory extends Type<ByteBuffer> {
        Memory(ProcessGate gate) {
            super("memory", gate);
        }

        @Override
        protected void release(ByteBuffer buffer) {
            DirectBuffers.free(buffer);
        }

        @Override
        protected long sizeOf(ByteBuffer buffer) {
            return buffer.capacity();
        }

        @Override
        public boolean sample(Pid pid) {
            ledger().acquire(pid, () -> ByteBuffer.allocateDirect(4096));
            return true;
        }
    }

    /** A type that cannot make a sample on its own, as the api's default says. */
    static final class Unsampled extends Type<Object> {
        Unsampled(ProcessGate gate) {
            super("tempdir", gate);
        }

        @Override
        protected void release(Object resource) {
        }
    }

    /** Opens files for its samples and never releases them: the cleanup forgets to run. */
    static final class LeakyFiles extends Files {
        LeakyFiles(ProcessGate gate, Path file) {
            super("leaky", gate, file);
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            return CleanupStats.NONE;
        }
    }

    /**
     * Opens files for its samples and forgets to release them at a pid's first cleanup, as a
     * handler that failed once would: a later cleanup of the pid (a reap) closes them.
     */
    static final class ForgetsFirstCleanup extends Files {
        private final java.util.Set<Pid> forgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ForgetsFirstCleanup(ProcessGate gate, Path file) {
            super("forgetful", gate, file);
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            return forgotten.add(pid) ? CleanupStats.NONE : super.cleanup(pid);
        }
    }

    /** A type whose sample always fails. */
    static final class Broken extends Type<Object> {
        Broken(ProcessGate gate) {
            super("broken", gate);
        }

        @Override
        protected void release(Object resource) {
        }

        @Override
        public boolean sample(Pid pid) throws IOException {
            throw new IOException("no device");
        }
    }

    /** Real file channels whose release closes the channel and then fails, as a broken disk would report. */
    static final class FailingFiles extends Type<FileChannel> {
        FailingFiles(ProcessGate gate) {
            super("failing", gate);
        }

        void open(Pid pid, Path file) throws IOException {
            ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.READ));
        }

        @Override
        protected void release(FileChannel channel) throws IOException {
            channel.close();
            throw new IOException("closing failed: boom");
        }
    }

    /** A cleanup that hangs, deaf to interrupts, until the test ends. */
    static final class Hanging implements ResourceCleanup {
        private final String type;
        private final CountDownLatch unstick;

        Hanging(String type, CountDownLatch unstick) {
            this.type = type;
            this.unstick = unstick;
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            while (unstick.getCount() > 0) {
                try {
                    unstick.await();
                } catch (InterruptedException ignored) {
                    // deaf to interrupts, like a close on a dead NFS server
                }
            }
            return CleanupStats.NONE;
        }

        @Override
        public String resourceType() {
            return type;
        }

        @Override
        public boolean hasResources(Pid pid) {
            return false;
        }
    }
}
