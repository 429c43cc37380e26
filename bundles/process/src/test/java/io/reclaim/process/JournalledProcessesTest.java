package io.reclaim.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.internal.journal.FileJournal;
import io.reclaim.orchestrator.ResourceOrchestrators;

/** The process manager on a journal: what a crashed run left is ended, pids are never given twice, shutdown is bounded. */
public class JournalledProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    private final List<CloseableProcessManager> managers = new ArrayList<>();
    private final List<CloseableJournal> journals = new ArrayList<>();
    private final List<Process> unrelated = new ArrayList<>();

    @After
    public void tearDown() {
        managers.forEach(CloseableProcessManager::close);
        journals.forEach(CloseableJournal::close);
        unrelated.forEach(Process::destroyForcibly);
    }

    private Path dir() {
        return tmp.getRoot().toPath().resolve("journal");
    }

    private CloseableJournal journal() throws IOException {
        CloseableJournal journal = Journals.open(dir());
        journals.add(journal);
        return journal;
    }

    private CloseableProcessManager manager(CloseableJournal journal) {
        CloseableProcessManager manager = ProcessManagers.builder().withResourceOrchestrator(ResourceOrchestrators.builder().build())
                .withJournal(journal).orphanGrace(Duration.ofMillis(500)).shutdownGrace(Duration.ofMillis(300)).build();
        managers.add(manager);
        return manager;
    }

    /** What a JVM killed with SIGKILL leaves of its journal: the records as written, nothing removed. */
    private static void crash(CloseableJournal journal) {
        ((FileJournal) journal).abandon();
    }

    @Test
    public void osTreesOfARunThatCrashedAreEndedAtTheNextStartAndListedAsOrphans() throws Exception {
        CloseableJournal first = journal();
        CloseableProcessManager crashed = manager(first);
        ProcessInfo pair = crashed.spawn(ProcessSpec.named("pair").withCommand("sh", "-c", "sleep 600 & sleep 600"));
        long os = pair.osPid();
        Os.await("both sleeps started", WAIT, () -> Os.descendantsRunning(os, "sleep 600").size() == 2);
        List<Long> tree = new ArrayList<>(Os.descendants(os));
        tree.add(os);
        crash(first);

        CloseableProcessManager next = manager(journal());

        for (long member : tree) {
            assertTrue("OS process " + member + " of the crashed run still runs", Os.isGone(member));
        }
        ProcessInfo orphan = next.info(pair.pid()).orElseThrow();
        assertEquals(Ending.ORPHAN, orphan.ending());
        assertEquals("pair", orphan.name());
        assertEquals(os, orphan.osPid());
        CleanupResult result = orphan.cleanup();
        assertEquals(3, result.outcome(ProcessManagers.OS_PROCESS_TYPE).stats().resourcesFreed());
        assertFalse(result.hasErrors());
        assertEquals(1, next.statistics().orphans());
        assertEquals(ProcessState.TERMINATED, next.state(pair.pid()));
        assertEquals(List.of(orphan), next.history());
    }

    @Test
    public void aPidNumberThatAnUnrelatedProcessTookIsNeverTouched() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "600").start();
        unrelated.add(sleep);
        long startTime = startTime(sleep.pid());
        CloseableJournal first = journal();
        // as if an earlier run's child had had this pid number, with another start time
        first.record(ProcessManagers.OS_PROCESS_TYPE, Pid.of(7), Map.of("os.pid", Long.toString(sleep.pid()),
                "start.time", Long.toString(startTime - 1), "session", Long.toString(sleep.pid()), "name", "gone"));
        crash(first);

        CloseableProcessManager next = manager(journal());

        assertTrue("the unrelated process was ended", sleep.isAlive());
        ProcessInfo orphan = next.info(Pid.of(7)).orElseThrow();
        assertEquals(Ending.ORPHAN, orphan.ending());
        assertEquals(0, orphan.cleanup().total().resourcesFreed());
        assertEquals(0, journals.get(1).size());
    }

    @Test
    public void pidsAreNeverGivenTwiceAfterARestartOrACrash() throws Exception {
        CloseableJournal first = journal();
        CloseableProcessManager manager = manager(first);
        Pid one = manager.spawn(ProcessSpec.named("one")).pid();
        Pid two = manager.spawn(ProcessSpec.named("two")).pid();
        manager.close();
        first.close();

        CloseableJournal second = journal();
        CloseableProcessManager restarted = manager(second);
        Pid three = restarted.spawn(ProcessSpec.named("three")).pid();
        assertTrue(three + " after " + two, three.value() > two.value());
        // a stale pid of the earlier run answers "already ended", never a new process
        assertEquals(ProcessState.TERMINATED, restarted.state(one));
        assertTrue(restarted.info(one).isEmpty());
        crash(second);

        CloseableProcessManager afterCrash = manager(journal());
        Pid four = afterCrash.spawn(ProcessSpec.named("four")).pid();
        assertTrue(four + " after " + three, four.value() > three.value());
        assertNull(afterCrash.state(Pid.of(four.value() + 1)));
    }

    @Test
    public void closingCutsAWaitingTerminateShortAndEndsEveryTreeAndEmptiesTheJournal() throws Exception {
        CloseableJournal journal = journal();
        CloseableProcessManager manager = manager(journal);
        ProcessInfo stubborn = manager.spawn(ProcessSpec.named("stubborn").withCommand("sh", "-c", "trap '' TERM; sleep 600"));
        ProcessInfo idle = manager.spawn(ProcessSpec.named("idle").withCommand("sleep", "600"));
        assertEquals(2, journal.size());
        // the trap is set once the shell runs its sleep; a TERM before that would end it at once
        Os.await("the stubborn shell ignores TERM", WAIT, () -> Os.descendantsRunning(stubborn.osPid(), "sleep 600").size() == 1);
        CompletableFuture<CleanupResult> hourLong = CompletableFuture.supplyAsync(
                () -> manager.terminate(stubborn.pid(), Duration.ofHours(1)));
        Os.await("the hour-long terminate began", WAIT, () -> manager.state(stubborn.pid()) == ProcessState.TERMINATING);

        manager.close();

        // bounded: the terminate's hour of grace was cut short by the close
        hourLong.get(30, TimeUnit.SECONDS);
        assertTrue(Os.isGone(stubborn.osPid()));
        assertTrue(Os.isGone(idle.osPid()));
        assertEquals(Ending.SHUTDOWN, manager.info(stubborn.pid()).orElseThrow().ending());
        assertEquals(Ending.SHUTDOWN, manager.info(idle.pid()).orElseThrow().ending());
        assertEquals(0, journal.size());
    }

    private static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }
}
