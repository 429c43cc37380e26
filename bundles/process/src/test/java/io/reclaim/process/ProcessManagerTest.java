package io.reclaim.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.lang.reflect.Proxy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.ledger.Lease;
import io.reclaim.process.internal.DefaultProcessManager;
import io.reclaim.testing.Descriptors;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.internal.DefaultProcessManager;

/** The process manager on the real OS: every claim about an OS process is checked in /proc. */
public class ProcessManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final String OS_PROCESS = ProcessManagers.OS_PROCESS_TYPE;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(90);

    private final List<CloseableProcessManager> managers = new ArrayList<>();
    private final List<EmbeddedOrchestrator> orchestrators = new ArrayList<>();
    private EmbeddedOrchestrator orchestrator;
    private CloseableProcessManager processes;
    private TestFiles files;

    @Before
    public void setUp() {
        orchestrator = ResourceOrchestrators.builder().build();
        processes = manager(orchestrator, ProcessManagers.builder().historySize(16));
        files = new TestFiles(processes);
        orchestrator.register(files.cleanupHandler(), TestFiles.RANKING);
    }

    @After
    public void tearDown() {
        managers.forEach(CloseableProcessManager::close);
        orchestrators.forEach(EmbeddedOrchestrator::close);
    }

    private CloseableProcessManager manager(ResourceOrchestrator o, ProcessManagers.Builder builder) {
        if (o instanceof EmbeddedOrchestrator own) {
            orchestrators.add(own);
        }
        CloseableProcessManager manager = builder.withResourceOrchestrator(o).build();
        managers.add(manager);
        return manager;
    }

    private static ProcessSpec shell(String name, String script) {
        return ProcessSpec.named(name).withCommand("sh", "-c", script);
    }

    private Path file(String name) {
        return tmp.getRoot().toPath().resolve(name);
    }

    private void awaitTerminated(ProcessManager manager, Pid pid) throws InterruptedException {
        Os.await("pid " + pid + " TERMINATED", WAIT, () -> manager.state(pid) == ProcessState.TERMINATED);
    }

    @Test
    public void processListenersHearEverySpawnAndEveryEndEvenWhenOneThrowsAnError() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        ProcessListener failing = new ProcessListener() {
            @Override
            public void spawned(ProcessInfo process) {
                throw new AssertionError("a listener's bug");
            }

            @Override
            public void ended(ProcessInfo process) {
                throw new OutOfMemoryError("a listener's bug");
            }
        };
        ProcessListener recording = new ProcessListener() {
            @Override
            public void spawned(ProcessInfo process) {
                heard.add("spawned " + process.pid() + " " + process.state());
            }

            @Override
            public void ended(ProcessInfo process) {
                heard.add("ended " + process.pid() + " " + process.state() + " " + process.ending()
                        + " " + (process.cleanup() != null));
            }
        };
        CloseableProcessManager manager = manager(ResourceOrchestrators.builder().build(),
                ProcessManagers.builder().withProcessListener(failing).withProcessListener(recording));

        ProcessInfo job = manager.spawn(ProcessSpec.named("job"));
        ProcessInfo quick = manager.spawn(shell("quick", "exit 3"));
        manager.terminate(job.pid(), Duration.ZERO);
        awaitTerminated(manager, quick.pid());
        Os.await("the end of pid " + quick.pid() + " heard", WAIT, () -> heard.size() == 4);

        assertEquals(List.of("spawned " + job.pid() + " RUNNING", "spawned " + quick.pid() + " RUNNING",
                "ended " + job.pid() + " TERMINATED TERMINATED true"), heard.subList(0, 3));
        assertEquals("ended " + quick.pid() + " TERMINATED EXITED true", heard.get(3));
    }

    @Test
    public void terminatingEndsTheWholeOsTree() throws Exception {
        ProcessInfo pair = processes.spawn(shell("pair", "sleep 600 & sleep 600"));
        long os = pair.osPid();
        assertTrue("an OS child has an OS pid", os > 0);
        Os.await("both sleeps started", WAIT, () -> Os.descendantsRunning(os, "sleep 600").size() == 2);
        List<Long> tree = new ArrayList<>(Os.descendants(os));
        tree.add(os);
        assertEquals(3, tree.size());

        CleanupResult result = processes.terminate(pair.pid(), GRACE);

        for (long member : tree) {
            assertTrue("OS process " + member + " still runs", Os.isGone(member));
        }
        ProcessInfo done = processes.info(pair.pid()).orElseThrow();
        assertEquals(ProcessState.TERMINATED, done.state());
        assertEquals(Ending.TERMINATED, done.ending());
        assertEquals("sh ended by SIGTERM", Integer.valueOf(128 + 15), done.exitCode());
        assertSame(result, done.cleanup());
        assertEquals(3, result.outcome(OS_PROCESS).stats().resourcesFreed());
        assertEquals(List.of(OS_PROCESS, TestFiles.TYPE), result.order());
        assertFalse(result.hasErrors());
        assertTrue(processes.list().isEmpty());
    }

    @Test
    public void childThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
        ProcessInfo stubborn = processes.spawn(shell("stubborn", "trap '' TERM; sleep 600"));
        long os = stubborn.osPid();
        // once sleep runs, the trap is set (and sleep inherited the ignored TERM)
        Os.await("sleep started", WAIT, () -> Os.descendantsRunning(os, "sleep 600").size() == 1);
        long sleeper = Os.descendantsRunning(os, "sleep 600").get(0);

        CleanupResult result = processes.terminate(stubborn.pid(), Duration.ofMillis(300));

        assertTrue(Os.isGone(os));
        assertTrue(Os.isGone(sleeper));
        ProcessInfo done = processes.info(stubborn.pid()).orElseThrow();
        assertEquals(Ending.FORCED, done.ending());
        assertEquals("sh ended by SIGKILL", Integer.valueOf(128 + 9), done.exitCode());
        assertEquals(2, result.outcome(OS_PROCESS).stats().resourcesFreed());
    }

    @Test
    public void childThatExitsByItselfIsReapedAndItsResourcesReleased() throws Exception {
        Path work = tmp.getRoot().toPath();
        ProcessInfo exiting = processes.spawn(shell("exiting", "while [ ! -e go ]; do sleep 0.05; done; exit 3")
                .withWorkingDirectory(work));
        Lease<FileChannel> lease = files.open(exiting.pid(), file("held"));
        FileChannel channel = lease.resource(exiting.pid());
        long fdsHeld = Descriptors.resources();

        Files.createFile(work.resolve("go"));
        awaitTerminated(processes, exiting.pid());

        ProcessInfo done = processes.info(exiting.pid()).orElseThrow();
        assertEquals(Ending.EXITED, done.ending());
        assertEquals(Integer.valueOf(3), done.exitCode());
        assertTrue(Os.isGone(exiting.osPid()));
        assertEquals(List.of(exiting.pid()), files.cleanups());
        assertFalse(channel.isOpen());
        assertFalse(lease.isHeld());
        assertTrue("the channel's descriptor is closed", Descriptors.resources() < fdsHeld);
        assertEquals(1, done.cleanup().outcome(TestFiles.TYPE).stats().resourcesFreed());
        assertEquals(1, done.cleanup().outcome(OS_PROCESS).stats().resourcesFreed());
        assertSame("terminate after the reap returns the reap's result", done.cleanup(),
                processes.terminate(exiting.pid(), GRACE));
    }

    @Test
    public void orphansOfAChildThatExitedAreKilledWhenItIsReaped() throws Exception {
        assumeTrue("needs setsid", ((DefaultProcessManager) processes).startsOwnGroups());
        Path work = tmp.getRoot().toPath();
        ProcessInfo parent = processes.spawn(shell("parent",
                "sleep 600 & while [ ! -e go ]; do sleep 0.05; done; exit 0").withWorkingDirectory(work));
        Os.await("background sleep started", WAIT, () -> Os.descendantsRunning(parent.osPid(), "sleep 600").size() == 1);
        long orphan = Os.descendantsRunning(parent.osPid(), "sleep 600").get(0);

        Files.createFile(work.resolve("go"));
        awaitTerminated(processes, parent.pid());

        assertTrue("the orphan " + orphan + " still runs", Os.isGone(orphan));
        ProcessInfo done = processes.info(parent.pid()).orElseThrow();
        assertEquals(Ending.EXITED, done.ending());
        assertEquals(Integer.valueOf(0), done.exitCode());
        assertEquals(2, done.cleanup().outcome(OS_PROCESS).stats().resourcesFreed());
    }

    @Test
    public void osChildLeadsItsOwnProcessGroupUnderItsOwnPid() throws Exception {
        assumeTrue("needs setsid", ((DefaultProcessManager) processes).startsOwnGroups());
        ProcessInfo sleeper = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
        // spawn returns once the child is forked; setsid then replaces itself with the command
        Os.await("setsid replaced by sleep in OS process " + sleeper.osPid(), WAIT,
                () -> Os.commandLine(sleeper.osPid()).matches("/\\S*/sleep 600 "));
        String stat = Files.readString(Path.of("/proc", Long.toString(sleeper.osPid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");

        assertEquals("process group", Long.toString(sleeper.osPid()), fields[2]);
        assertEquals("session", Long.toString(sleeper.osPid()), fields[3]);
        processes.terminate(sleeper.pid(), Duration.ZERO);
        assertTrue(Os.isGone(sleeper.osPid()));
    }

    @Test
    public void withoutSetsidTheTreeIsStillEndedThroughItsDescendants() throws Exception {
        CloseableProcessManager plain = manager(orchestrator, ProcessManagers.builder().useSetsid(false));
        ProcessInfo pair = plain.spawn(shell("pair", "sleep 600 & sleep 600"));
        Os.await("both sleeps started", WAIT, () -> Os.descendantsRunning(pair.osPid(), "sleep 600").size() == 2);
        List<Long> sleeps = Os.descendantsRunning(pair.osPid(), "sleep 600");
        String stat = Files.readString(Path.of("/proc", Long.toString(pair.osPid()), "stat"));
        assertFalse("no group of its own", stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]
                .equals(Long.toString(pair.osPid())));

        plain.terminate(pair.pid(), GRACE);

        assertTrue(Os.isGone(pair.osPid()));
        sleeps.forEach(sleep -> assertTrue("sleep " + sleep + " still runs", Os.isGone(sleep)));
    }

    @Test
    public void concurrentTerminatesAllGetTheOneResult() throws Exception {
        ProcessInfo sleeper = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CleanupResult>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return processes.terminate(sleeper.pid(), GRACE);
                }));
            }
            go.countDown();
            CleanupResult first = results.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (Future<CleanupResult> result : results) {
                assertSame(first, result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertSame(first, processes.terminate(sleeper.pid(), Duration.ZERO));
            assertEquals("one cleanup", 1, files.cleanups().stream().filter(sleeper.pid()::equals).count());
            assertTrue(Os.isGone(sleeper.osPid()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void theGateIsClosedWhileListenersRunAtTheStartOfTheGracePeriod() throws Exception {
        AtomicReference<ProcessManager> self = new AtomicReference<>();
        AtomicReference<TestFiles> filesOfSelf = new AtomicReference<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        TerminationListener listener = (pid, grace) -> {
            ProcessInfo info = self.get().info(pid).orElseThrow();
            String acquisition;
            try {
                filesOfSelf.get().open(pid, file("late-" + pid));
                acquisition = "acquired";
            } catch (ProcessNotRunningException e) {
                acquisition = "refused";
            } catch (IOException e) {
                acquisition = e.toString();
            }
            seen.add(pid + " " + self.get().state(pid) + " " + acquisition + " " + grace.toMillis()
                    + " " + (info.osPid() == 0 ? "logical" : "os"));
        };
        EmbeddedOrchestrator own = ResourceOrchestrators.builder().build();
        CloseableProcessManager manager = manager(own, ProcessManagers.builder().withTerminationListener(listener));
        self.set(manager);
        filesOfSelf.set(new TestFiles(manager));
        own.register(filesOfSelf.get().cleanupHandler(), TestFiles.RANKING);

        ProcessInfo logical = manager.spawn(ProcessSpec.named("job"));
        ProcessInfo sleeper = manager.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
        manager.terminate(logical.pid(), GRACE);
        manager.terminate(sleeper.pid(), GRACE);

        assertEquals(List.of(
                // SIGTERM is already on its way to the OS child: the grace is the whole process's
                logical.pid() + " TERMINATING refused " + GRACE.toMillis() + " logical",
                sleeper.pid() + " TERMINATING refused " + GRACE.toMillis() + " os"), seen);
        assertFalse(filesOfSelf.get().hasResources(logical.pid()));
        assertFalse(filesOfSelf.get().hasResources(sleeper.pid()));
    }

    @Test
    public void aListenerThatThrowsDoesNotStopTheTermination() throws Exception {
        List<Pid> told = new CopyOnWriteArrayList<>();
        CloseableProcessManager manager = manager(ResourceOrchestrators.builder().build(), ProcessManagers.builder()
                .withTerminationListener((pid, grace) -> {
                    throw new IllegalStateException("listener broke");
                })
                .withTerminationListener((pid, grace) -> told.add(pid)));
        ProcessInfo sleeper = manager.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));

        manager.terminate(sleeper.pid(), GRACE);

        assertEquals(List.of(sleeper.pid()), told);
        assertEquals(ProcessState.TERMINATED, manager.state(sleeper.pid()));
        assertTrue(Os.isGone(sleeper.osPid()));
    }

    @Test
    public void anErrorFromAListenerIsRecordedAndEveryHandlerStillReleasesItsResources() throws Exception {
        List<Pid> told = new CopyOnWriteArrayList<>();
        EmbeddedOrchestrator own = ResourceOrchestrators.builder().build();
        CloseableProcessManager manager = manager(own, ProcessManagers.builder()
                .withTerminationListener((pid, grace) -> {
                    throw new AssertionError("listener broke");
                })
                .withTerminationListener((pid, grace) -> told.add(pid)));
        TestFiles filesOfOwn = new TestFiles(manager);
        own.register(filesOfOwn.cleanupHandler(), TestFiles.RANKING);
        long fds = Descriptors.resources();
        ProcessInfo sleeper = manager.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
        filesOfOwn.open(sleeper.pid(), file("held"));

        CleanupResult result = manager.terminate(sleeper.pid(), GRACE);

        assertEquals(List.of(sleeper.pid()), told);
        assertEquals(List.of("termination-listener", OS_PROCESS, TestFiles.TYPE), result.order());
        assertTrue(result.errors().toString(), result.errors().get(0).contains("AssertionError: listener broke"));
        assertEquals(1, result.outcome(TestFiles.TYPE).stats().resourcesFreed());
        assertFalse(filesOfOwn.hasResources(sleeper.pid()));
        assertEquals(ProcessState.TERMINATED, manager.state(sleeper.pid()));
        assertTrue(Os.isGone(sleeper.osPid()));
        assertEquals("no descriptor left", fds, Descriptors.resources());
    }

    @Test
    public void aListenerThatTerminatesTheSameProcessAgainIsRefusedInsteadOfWaitingForItself() throws Exception {
        AtomicReference<ProcessManager> self = new AtomicReference<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        CloseableProcessManager manager = manager(ResourceOrchestrators.builder().build(), ProcessManagers.builder()
                .withTerminationListener((pid, grace) -> {
                    try {
                        self.get().terminate(pid, grace);
                        answers.add("returned");
                    } catch (IllegalStateException e) {
                        answers.add(e.getMessage());
                    }
                }));
        self.set(manager);
        ProcessInfo job = manager.spawn(ProcessSpec.named("job"));

        manager.terminate(job.pid(), GRACE);

        assertEquals(List.of("pid " + job.pid() + " is being terminated by this very call chain"), answers);
        assertEquals(ProcessState.TERMINATED, manager.state(job.pid()));
    }

    @Test
    public void anEndlessGraceWaitsOnlyAsLongAsTheTreeTakes() throws Exception {
        ProcessInfo sleeper = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));

        CleanupResult result = processes.terminate(sleeper.pid(), Duration.ofSeconds(Long.MAX_VALUE));

        assertFalse(result.errors().toString(), result.hasErrors());
        assertEquals(Ending.TERMINATED, processes.info(sleeper.pid()).orElseThrow().ending());
        assertTrue(Os.isGone(sleeper.osPid()));
    }

    @Test
    public void nothingStaysTrackedForAPidWhoseCleanupRan() throws Exception {
        Path target = file("contended");
        long fds = Descriptors.resources();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 20; round++) {
                Pid pid = processes.spawn(ProcessSpec.named("contended-" + round)).pid();
                List<FileChannel> acquired = new CopyOnWriteArrayList<>();
                CountDownLatch started = new CountDownLatch(3);
                List<Future<?>> acquirers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    acquirers.add(pool.submit(() -> {
                        started.countDown();
                        // until the gate closes; the bound only guards against a gate that never does
                        for (int i = 0; i < 100_000; i++) {
                            try {
                                acquired.add(files.open(pid, target).resource(pid));
                            } catch (ProcessNotRunningException refused) {
                                return null;
                            } catch (IllegalStateException sweptWhileAcquired) {
                                return null;
                            }
                        }
                        throw new AssertionError("the gate never closed for pid " + pid);
                    }));
                }
                started.await();
                processes.terminate(pid, Duration.ZERO);
                for (Future<?> acquirer : acquirers) {
                    acquirer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }

                assertFalse("pid " + pid + " still holds files", files.hasResources(pid));
                for (FileChannel channel : acquired) {
                    assertFalse("a channel of pid " + pid + " stayed open", channel.isOpen());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("no descriptor leaked", fds, Descriptors.resources());
    }

    @Test
    public void aLogicalProcessEndsAtOnceWithNoGraceToWaitFor() throws Exception {
        ProcessInfo job = processes.spawn(ProcessSpec.named("job"));
        files.open(job.pid(), file("a"));
        files.open(job.pid(), file("b"));
        assertEquals(0, job.osPid());
        assertEquals(ProcessState.RUNNING, processes.state(job.pid()));
        assertEquals(List.of(job), processes.list());

        // the test's timeout bounds this: an hour of grace would fail it if it were waited for
        CleanupResult result = processes.terminate(job.pid(), Duration.ofHours(1));

        ProcessInfo done = processes.info(job.pid()).orElseThrow();
        assertEquals(Ending.TERMINATED, done.ending());
        assertNull(done.exitCode());
        assertEquals(2, result.outcome(TestFiles.TYPE).stats().resourcesFreed());
        assertEquals(0, result.outcome(OS_PROCESS).stats().resourcesFreed());
        assertEquals(ProcessState.TERMINATED, processes.state(job.pid()));
        assertThrows(ProcessNotRunningException.class, () -> files.open(job.pid(), file("c")));
    }

    @Test
    public void badInputGetsOneClearError() throws Exception {
        ProcessInfo job = processes.spawn(ProcessSpec.named("job"));

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> processes.terminate(job.pid(), Duration.ofMillis(-1)));
        assertTrue(negative.getMessage(), negative.getMessage().contains("negative"));
        assertEquals("a refused terminate changes nothing", ProcessState.RUNNING, processes.state(job.pid()));

        NoSuchProcessException unknown = assertThrows(NoSuchProcessException.class,
                () -> processes.terminate(Pid.of(9_999), GRACE));
        assertEquals("no process with pid 9999", unknown.getMessage());
        assertNull(processes.state(Pid.of(9_999)));
        assertTrue(processes.info(Pid.of(9_999)).isEmpty());

        assertThrows(IllegalArgumentException.class, () -> ProcessSpec.named(" "));
        assertThrows(NullPointerException.class, () -> processes.spawn(null));
        assertThrows(NullPointerException.class, () -> processes.terminate(job.pid(), null));
    }

    @Test
    public void aChildThatCannotStartLeavesNoPidBehind() throws Exception {
        ProcessInfo before = processes.spawn(ProcessSpec.named("before"));
        List<String> open = descriptorsButSockets();

        IOException missing = assertThrows(IOException.class,
                () -> processes.spawn(ProcessSpec.named("missing").withCommand("no-such-program-here", "x")));
        assertTrue(missing.getMessage(), missing.getMessage().contains("no-such-program-here"));
        IOException noDirectory = assertThrows(IOException.class, () -> processes.spawn(
                ProcessSpec.named("nowhere").withCommand("sleep", "1").withWorkingDirectory(file("absent"))));
        assertTrue(noDirectory.getMessage(), noDirectory.getMessage().endsWith("absent does not exist"));

        Path text = java.nio.file.Files.writeString(file("notes.txt"), "not a program");
        text.toFile().setExecutable(true);
        IOException badFormat = assertThrows(IOException.class,
                () -> processes.spawn(ProcessSpec.named("bad").withCommand(text.toString())));
        assertTrue(badFormat.getMessage(), badFormat.getMessage().contains("bad executable format"));

        ProcessInfo after = processes.spawn(ProcessSpec.named("after"));
        assertEquals("a program that cannot run, in a directory that cannot be entered, is refused before a pid is taken",
                before.pid().value() + 1, after.pid().value());
        assertEquals(List.of(before.pid(), after.pid()), processes.list().stream().map(ProcessInfo::pid).toList());
        assertTrue(processes.history().isEmpty());
        // pipes, pidfds, files: what a start that failed half-way could leave; sockets are the test
        // runner's (its channel to the build opens with the first output), never a process manager's
        assertEquals("no descriptor leaked", open, descriptorsButSockets());
    }

    private static List<String> descriptorsButSockets() {
        return Descriptors.resourceTargets().stream().filter(target -> !target.contains("->socket:")).toList();
    }

    @Test
    public void historyIsBoundedAndMostRecentFirst() throws Exception {
        CloseableProcessManager small = manager(ResourceOrchestrators.builder().build(), ProcessManagers.builder().historySize(3));
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pids.add(small.spawn(ProcessSpec.named("job-" + i)).pid());
        }
        for (Pid pid : pids) {
            small.terminate(pid, Duration.ZERO);
        }

        assertEquals(List.of(pids.get(4), pids.get(3), pids.get(2)),
                small.history().stream().map(ProcessInfo::pid).toList());
        assertTrue("left the history", small.info(pids.get(0)).isEmpty());
        assertEquals("still known to have ended", ProcessState.TERMINATED, small.state(pids.get(0)));
        assertThrows(NoSuchProcessException.class, () -> small.terminate(pids.get(0), GRACE));
        assertEquals("job-4", small.info(pids.get(4)).orElseThrow().name());
        assertThrows(UnsupportedOperationException.class, () -> small.history().clear());
        assertThrows(IllegalArgumentException.class, () -> ProcessManagers.builder().historySize(0));
    }

    @Test
    public void closingShutsDownEveryLiveProcessAndItsTree() throws Exception {
        CloseableProcessManager manager = manager(ResourceOrchestrators.builder().build(), ProcessManagers.builder());
        ProcessInfo pair = manager.spawn(shell("pair", "sleep 600 & sleep 600"));
        ProcessInfo job = manager.spawn(ProcessSpec.named("job"));
        Os.await("both sleeps started", WAIT, () -> Os.descendantsRunning(pair.osPid(), "sleep 600").size() == 2);
        List<Long> sleeps = Os.descendantsRunning(pair.osPid(), "sleep 600");

        manager.close();

        assertTrue(Os.isGone(pair.osPid()));
        sleeps.forEach(sleep -> assertTrue("sleep " + sleep + " still runs", Os.isGone(sleep)));
        assertTrue(manager.list().isEmpty());
        assertEquals(Ending.SHUTDOWN, manager.info(pair.pid()).orElseThrow().ending());
        assertEquals(Ending.SHUTDOWN, manager.info(job.pid()).orElseThrow().ending());
        assertEquals(3, manager.info(pair.pid()).orElseThrow().cleanup().outcome(OS_PROCESS).stats().resourcesFreed());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> manager.spawn(ProcessSpec.named("late")));
        assertEquals("the process manager is closed", refused.getMessage());
        manager.close();
    }

    @Test
    public void theOsProcessHandlerIsRegisteredAtItsRankingAndLeavesOnClose() {
        EmbeddedOrchestrator own = ResourceOrchestrators.builder().build();
        CloseableProcessManager manager = manager(own, ProcessManagers.builder());
        List<HandlerInfo> handlers = own.handlers();
        assertEquals(1, handlers.size());
        assertEquals(OS_PROCESS, handlers.get(0).resourceType());
        assertEquals(ResourceCleanup.RANKING_OS_PROCESS, handlers.get(0).ranking());

        manager.close();

        assertTrue(own.handlers().isEmpty());
    }

    @Test
    public void onlyTheCleanupOfAPidWithAnOsChildMayBlock() throws Exception {
        // the handler as the process manager registered it with the orchestrator
        ResourceCleanup osProcess = ((DefaultProcessManager) processes).osProcessCleanup().cleanupHandler();
        Pid logical = processes.spawn(ProcessSpec.named("logical")).pid();
        Pid withChild = processes.spawn(shell("sleeper", "sleep 600")).pid();

        assertFalse(osProcess.cleanupMayBlock(logical));
        assertTrue(osProcess.cleanupMayBlock(withChild));
        processes.terminate(withChild, GRACE);
        assertFalse(osProcess.cleanupMayBlock(withChild));
    }

    @Test
    public void usageCountsTheLiveOsProcessesOfATree() throws Exception {
        ProcessInfo pair = processes.spawn(shell("pair", "sleep 600 & sleep 600"));
        Os.await("both sleeps started", WAIT, () -> Os.descendantsRunning(pair.osPid(), "sleep 600").size() == 2);

        Map<String, ResourceUsage> usage = orchestrator.usage(pair.pid());

        assertEquals(new ResourceUsage(3, 0), usage.get(OS_PROCESS));
        processes.terminate(pair.pid(), GRACE);
        assertTrue(orchestrator.usage(pair.pid()).isEmpty());
    }

    @Test
    public void anOrchestratorThatDoesNotRunTheHandlerStillLeavesNoOsProcess() throws Exception {
        // the fault: the real orchestrator, except that it drops every handler registered with it
        EmbeddedOrchestrator real = ResourceOrchestrators.builder().build();
        orchestrators.add(real);
        ResourceOrchestrator forgetful = (ResourceOrchestrator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResourceOrchestrator.class}, (proxy, method, args) -> method.getName().equals("register")
                        ? (ResourceOrchestrator.Registration) () -> { } : method.invoke(real, args));
        CloseableProcessManager manager = manager(forgetful, ProcessManagers.builder());
        ProcessInfo stubborn = manager.spawn(shell("stubborn", "trap '' TERM; sleep 600"));
        Os.await("sleep started", WAIT, () -> Os.descendantsRunning(stubborn.osPid(), "sleep 600").size() == 1);
        long sleeper = Os.descendantsRunning(stubborn.osPid(), "sleep 600").get(0);

        CleanupResult result = manager.terminate(stubborn.pid(), Duration.ZERO);

        assertTrue(Os.isGone(stubborn.osPid()));
        assertTrue(Os.isGone(sleeper));
        assertNotNull("the handler's work is in the result", result.outcome(OS_PROCESS));
        assertEquals(2, result.outcome(OS_PROCESS).stats().resourcesFreed());
        assertEquals(Ending.FORCED, manager.info(stubborn.pid()).orElseThrow().ending());
    }

    @Test
    public void outputIsAppendedToTheNamedFile() throws Exception {
        Path out = file("out.log");
        ProcessSpec spec = shell("talker", "echo out; echo err >&2")
                .withProperty(ProcessManagers.OUTPUT_PROPERTY, out.toString());
        for (int run = 0; run < 2; run++) {
            ProcessInfo talker = processes.spawn(spec);
            awaitTerminated(processes, talker.pid());
            assertEquals(Integer.valueOf(0), processes.info(talker.pid()).orElseThrow().exitCode());
        }
        assertEquals("out\nerr\nout\nerr\n", Files.readString(out));
    }

    @Test
    public void theJvmHoldsNoDescriptorForItsChildren() throws Exception {
        // warm up: the first child loads classes and starts the JDK's reaper
        processes.terminate(processes.spawn(ProcessSpec.named("warm").withCommand("sleep", "600")).pid(), Duration.ZERO);
        long before = Descriptors.resources();
        List<ProcessInfo> sleepers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sleepers.add(processes.spawn(ProcessSpec.named("sleeper-" + i).withCommand("sleep", "600")));
        }

        long during = Descriptors.resources();
        for (ProcessInfo sleeper : sleepers) {
            processes.terminate(sleeper.pid(), Duration.ZERO);
        }
        long after = Descriptors.resources();

        // three pipes per child would be 15 descriptors; a pidfd per live child (the exit watcher
        // polls them, where JNA is installed) is 5; allow the JVM two of its own
        assertTrue("descriptors before " + before + ", with 5 children " + during, during - before <= 5 + 2);
        assertTrue("descriptors before " + before + ", after " + after, after - before <= 2);
        sleepers.forEach(s -> assertTrue(Os.isGone(s.osPid())));
    }
}
