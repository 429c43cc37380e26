package io.reclaim.files.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.Lease;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

/**
 * DESIGN rule 2 on real file descriptors: while threads of a process keep opening files, the
 * process manager closes the gate and runs the cleanup. Every open either lands before the sweep
 * and is closed by it, or fails; nothing stays tracked and no descriptor is left behind.
 */
public class FileGateRaceTest {

    private static final int ROUNDS = 300;
    private static final int ACQUIRERS = 3;
    /** An acquirer this far ahead of a slow terminator waits for the gate to close. */
    private static final int MAX_OPENS_PER_THREAD = 64;
    private static final long WAIT_SECONDS = 20;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();
    private final ExecutorService threads = Executors.newFixedThreadPool(ACQUIRERS + 1);
    private FileManagerImpl files;
    private Path file;

    @Before
    public void setUp() throws IOException {
        assumeTrue("counting open files needs /proc/self/fd", Descriptors.available());
        file = tmp.newFile("shared").toPath();
        Files.writeString(file, "shared");
        files = new FileManagerImpl(gate);
    }

    @After
    public void tearDown() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        if (files != null) {
            files.deactivate();
        }
    }

    @Test
    public void noFileOutlivesTheCleanupOfAProcessThatWasStillOpeningFiles() throws Exception {
        long before = openFds();
        long swept = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            Pid pid = gate.running(round);
            AtomicInteger opened = new AtomicInteger();
            List<Future<List<Lease<FileChannel>>>> acquirers = new ArrayList<>();
            for (int i = 0; i < ACQUIRERS; i++) {
                acquirers.add(threads.submit(() -> openUntilRefused(pid, opened)));
            }
            // vary how far the acquirers get before the gate closes
            int head = round % 16 + 1;
            Future<CleanupStats> terminator = threads.submit(() -> terminate(pid, opened, head));

            CleanupStats stats = terminator.get(WAIT_SECONDS, TimeUnit.SECONDS);
            List<Lease<FileChannel>> handedOut = new ArrayList<>();
            for (Future<List<Lease<FileChannel>>> acquirer : acquirers) {
                handedOut.addAll(acquirer.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }

            assertFalse("round " + round + ": errors " + stats.errors(), stats.hasErrors());
            for (Lease<FileChannel> lease : handedOut) {
                assertFalse("round " + round + ": " + lease + " survived the cleanup", lease.isHeld());
            }
            // an open caught by the sweep between tracking and returning is closed by the sweep
            // and counted there, while its caller gets the refusal: at most one per thread
            long kept = handedOut.size();
            assertTrue("round " + round + ": freed " + stats.resourcesFreed() + " of " + kept + " handed out",
                    stats.resourcesFreed() >= kept && stats.resourcesFreed() <= kept + ACQUIRERS);
            assertFalse("round " + round, Handlers.of(files).hasResources(pid));
            assertEquals("round " + round, ResourceUsage.NONE, Handlers.of(files).usage(pid));
            assertEquals("round " + round + ": descriptors left open", before, openFds());
            swept += stats.resourcesFreed();
        }
        assertTrue("the acquirers never got a file in before the gate closed", swept >= ROUNDS);
    }

    /** @return the handles this thread got before the gate refused it */
    private List<Lease<FileChannel>> openUntilRefused(Pid pid, AtomicInteger opened)
            throws IOException, InterruptedException, TimeoutException {
        List<Lease<FileChannel>> kept = new ArrayList<>();
        for (;;) {
            if (kept.size() >= MAX_OPENS_PER_THREAD) {
                awaitGateClosed(pid);
            }
            try {
                kept.add(files.open(pid, file));
                opened.incrementAndGet();
            } catch (ProcessNotRunningException expected) {
                return kept;
            }
        }
    }

    private void awaitGateClosed(Pid pid) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (gate.admits(pid)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the gate of pid " + pid + " never closed");
            }
            Thread.sleep(1);
        }
    }

    /** What the process manager does: close the gate, then sweep. */
    private CleanupStats terminate(Pid pid, AtomicInteger opened, int head) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (opened.get() < head) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("pid " + pid + " opened only " + opened.get() + " files");
            }
            Thread.onSpinWait();
        }
        gate.terminating(pid);
        return Handlers.of(files).cleanup(pid);
    }

    /** Descriptors open on this test's files, as the kernel lists them. */
    private long openFds() {
        return Descriptors.under(tmp.getRoot().toPath());
    }
}
