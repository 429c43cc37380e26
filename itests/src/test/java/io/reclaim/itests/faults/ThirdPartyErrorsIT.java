package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.signals.SignalManager;
import io.reclaim.tasks.Task;
import io.reclaim.tasks.TaskManager;

/**
 * Another party's code throws an {@code Error} (DESIGN rule 10): a termination listener, a
 * cleanup handler, a task, a signal handler, a size lookup. Each time the Error is recorded
 * against that party, every other handler still releases what the pid held, the ledgers are
 * empty and the JVM's descriptors are back where they were.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThirdPartyErrorsIT extends FaultSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void anErrorFromATerminationListenerIsRecordedAndTheFullRankedCleanupStillRuns() throws Exception {
        List<Pid> toldLater = new CopyOnWriteArrayList<>();
        ServiceRegistration<TerminationListener> broken = context.registerService(TerminationListener.class,
                (pid, grace) -> {
                    throw new AssertionError("listener broke");
                }, null);
        ServiceRegistration<TerminationListener> fine = context.registerService(TerminationListener.class,
                (pid, grace) -> toldLater.add(pid), null);
        try {
            ProcessManager processes = service(ProcessManager.class);
            long fds = openFds();
            Pid pid = spawn("listened");
            holdResources(pid);

            CleanupResult result = processes.terminate(pid, Duration.ZERO);

            assertEquals(List.of(pid), toldLater);
            assertTrue(result.errors().toString(), result.errors().get(0).contains("AssertionError: listener broke"));
            assertEquals(1, result.errors().size());
            List<String> handlers = result.order().subList(1, result.order().size());
            assertEquals("every handler ran, in order", DOCUMENTED_ORDER, handlers);
            assertEquals(1, result.outcome("files").stats().resourcesFreed());
            assertEquals(1, result.outcome("sockets").stats().resourcesFreed());
            assertEquals(65536, result.outcome("memory").stats().bytesFreed());
            assertEquals(1, result.outcome("signals").stats().resourcesFreed());
            assertEquals(ProcessState.TERMINATED, processes.state(pid));
            assertNothingHeldBy(pid);
            assertEquals(openFdTargets().toString(), fds, openFds());
        } finally {
            broken.unregister();
            fine.unregister();
        }
    }

    @Test
    public void anErrorFromACleanupHandlerIsRecordedAgainstItAndEveryOtherHandlerStillRuns() throws Exception {
        ServiceRegistration<ResourceCleanup> broken = registerHandler(new ErrorThrowingHandler(), 650);
        try {
            ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
            await("the broken handler is known", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size() + 1);
            long fds = openFds();
            Pid pid = spawn("victim");
            holdResources(pid);

            CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);

            assertEquals("threw StackOverflowError: cleanup recursed", result.outcome("broken").error());
            assertEquals(1, result.errors().size());
            for (String type : DOCUMENTED_ORDER) {
                assertNull(type, result.outcome(type).error());
            }
            // its usage, owners and totals throw Errors too: the platform's views leave it out
            assertNothingHeldBy(pid);
            assertEquals(ResourceTotals.UNKNOWN, orchestrator.totals().get("broken"));
            assertEquals(openFdTargets().toString(), fds, openFds());
        } finally {
            broken.unregister();
        }
    }

    @Test
    public void entriesThatThrowErrorsCostNoTaskWorkerAndLaterTasksStillRun() throws Exception {
        TaskManager tasks = service(TaskManager.class);
        Scheduler scheduler = service(Scheduler.class);
        await("the task pool is up", () -> threadsNamed(TaskManager.THREAD_NAME_PREFIX) == tasks.threads());
        int workers = tasks.threads();
        Pid pid = spawn("tasked");
        for (int i = 0; i <= workers; i++) {
            scheduler.enqueue(pid, () -> {
                throw new StackOverflowError("entry recursed");
            });
        }
        Task<Object> failing = tasks.submit(pid, () -> {
            throw new AssertionError("task broke");
        });

        Task<String> later = tasks.submit(pid, () -> "ran");

        assertEquals("ran", later.future().get(WAIT_MS, TimeUnit.MILLISECONDS));
        // on another worker, the failing task may still be finishing as the later one completes
        await("the failing task is done", () -> failing.future().isDone());
        assertEquals(workers, tasks.threads());
        assertEquals(workers, threadsNamed(TaskManager.THREAD_NAME_PREFIX));
        service(ProcessManager.class).terminate(pid, Duration.ZERO);
        assertNothingHeldBy(pid);
    }

    @Test
    public void aSignalHandlerThatOverflowsItsStackStillGetsEveryLaterSignal() throws Exception {
        SignalManager signals = service(SignalManager.class);
        Pid pid = spawn("signalled");
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        signals.handle(pid, "USR1", signal -> {
            int call = calls.incrementAndGet();
            three.countDown();
            if (call == 1) {
                throw new StackOverflowError("handler recursed");
            }
        });

        signals.send(pid, "USR1");
        signals.send(pid, "USR1");
        signals.send(pid, "USR1");

        assertTrue("every signal reached the handler", three.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(3, calls.get());
        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);
        assertNull(result.outcome("signals").error());
        assertEquals(1, result.outcome("signals").stats().resourcesFreed());
        assertNothingHeldBy(pid);
    }

    @Test
    public void anErrorFromASizeLookupLosesNoResourceOfTheSweep() throws Exception {
        UnsizedFiles unsized = new UnsizedFiles(service(ProcessManager.class));
        ServiceRegistration<ResourceCleanup> registration = registerHandler(unsized.cleanupHandler(), 250);
        try {
            ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
            await("the handler is known", () -> orchestrator.handlers().stream()
                    .anyMatch(handler -> handler.resourceType().equals(UnsizedFiles.TYPE)));
            long fds = openFds();
            Pid pid = spawn("sized");
            List<Lease<FileChannel>> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                files.add(unsized.open(pid));
            }
            assertEquals(fds + 3, openFds());

            CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);

            CleanupStats stats = result.outcome(UnsizedFiles.TYPE).stats();
            assertNull("the handler itself completed", result.outcome(UnsizedFiles.TYPE).error());
            assertEquals("every file was closed", 3, stats.resourcesFreed());
            assertEquals(stats.errors().toString(), 3, stats.errorsEncountered());
            assertTrue(stats.errors().get(0), stats.errors().get(0).contains("size lookup"));
            for (Lease<FileChannel> file : files) {
                assertFalse(file.isHeld());
            }
            assertFalse(unsized.hasResources(pid));
            assertEquals(openFdTargets().toString(), fds, openFds());
        } finally {
            registration.unregister();
        }
    }

    /** Throws an Error from everything another bundle may ask it. */
    static final class ErrorThrowingHandler implements ResourceCleanup {
        @Override
        public CleanupStats cleanup(Pid pid) {
            throw new StackOverflowError("cleanup recursed");
        }

        @Override
        public String resourceType() {
            return "broken";
        }

        @Override
        public boolean hasResources(Pid pid) {
            throw new AssertionError("hasResources broke");
        }

        @Override
        public ResourceUsage usage(Pid pid) {
            throw new AssertionError("usage broke");
        }

        @Override
        public List<Pid> owners() {
            throw new AssertionError("owners broke");
        }

        @Override
        public ResourceTotals totals() {
            throw new AssertionError("totals broke");
        }
    }

    /** Real open files on the shared ledger, whose size lookup throws an Error for every one. */
    static final class UnsizedFiles extends ResourceManagerSupport<FileChannel> {

        /** Registered by the test itself, as a third party's bundle would register its handler. */
        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public boolean hasResources(Pid pid) {
            return super.hasResources(pid);
        }
        static final String TYPE = "unsized-files";

        UnsizedFiles(ProcessManager gate) {
            super(TYPE, gate);
        }

        Lease<FileChannel> open(Pid pid) throws IOException {
            Path file = Files.createTempFile("unsized", ".bin");
            file.toFile().deleteOnExit();
            return ledger().acquire(pid, () -> FileChannel.open(file, StandardOpenOption.WRITE));
        }

        @Override
        protected void release(FileChannel channel) throws IOException {
            channel.close();
        }

        @Override
        protected long sizeOf(FileChannel channel) {
            throw new AssertionError("size lookup broke");
        }
    }
}
