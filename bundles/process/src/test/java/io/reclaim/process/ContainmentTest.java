package io.reclaim.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import io.reclaim.api.Ending;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.process.internal.DefaultProcessManager;
import io.reclaim.testing.ProcTable;
import io.reclaim.orchestrator.ResourceOrchestrators;

/**
 * Nothing an OS child starts outlives it, under cgroup and under subreaper containment: daemons
 * that double-fork and start their own session, a grandchild that ignores SIGTERM, a five-level
 * tree, and a JVM that is SIGKILLed. Every claim is checked in the host's process table.
 */
@RunWith(Parameterized.class)
public class ContainmentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long JVM = ProcessHandle.current().pid();

    /** {@code -Dcontainment.modes=none} runs the same tests without containment, to see them fail. */
    @Parameters(name = "{0}")
    public static Collection<Object[]> modes() {
        List<Object[]> modes = new ArrayList<>();
        for (String mode : System.getProperty("containment.modes", "cgroup,subreaper").split(",")) {
            modes.add(new Object[] {mode.trim()});
        }
        return modes;
    }

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    private final String mode;
    private CloseableProcessManager processes;
    /** A number no other test or run uses in its {@code sleep}, so the tree is found by it. */
    private String tag;

    public ContainmentTest(String mode) {
        this.mode = mode;
    }

    @Before
    public void setUp() {
        processes = ProcessManagers.builder().withResourceOrchestrator(ResourceOrchestrators.builder().build()).containment(mode).build();
        String describe = ((DefaultProcessManager) processes).containment();
        assumeTrue("this host offers no " + mode + " containment: " + describe,
                describe.startsWith(Map.of("cgroup", "cgroup v2", "subreaper", "child subreaper").getOrDefault(mode, mode)));
        tag = Long.toString(7_000_000 + (System.nanoTime() / 1000) % 1_000_000);
    }

    @After
    public void tearDown() {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    public void aDaemonThatDoubleForksIntoItsOwnSessionEndsWhenItsParentExits() throws Exception {
        ProcessInfo child = processes.spawn(shell("daemonizer", "(setsid sleep " + tag + " &); exit 0"));

        awaitEnded(child);
        Thread.sleep(500); // time for an escaped daemon to show up in the table

        assertEquals(Ending.EXITED, processes.info(child.pid()).orElseThrow().ending());
        assertTreeGone(List.of());
    }

    @Test
    public void aBackgroundedDaemonEndsWithTerminate() throws Exception {
        ProcessInfo child = processes.spawn(shell("parent", "setsid sleep " + tag + " & exec sleep " + tag));
        List<ProcTable.Entry> tree = awaitRunning(2);

        processes.terminate(child.pid(), Duration.ofSeconds(2));

        assertTreeGone(tree);
    }

    @Test
    public void aDaemonStartedByTheTermTrapEndsToo() throws Exception {
        ProcessInfo child = processes.spawn(shell("trapper",
                "trap 'setsid sleep " + tag + " & exit 0' TERM; sleep " + tag + " & wait"));
        List<ProcTable.Entry> tree = awaitRunning(1);

        processes.terminate(child.pid(), Duration.ofSeconds(2));
        Thread.sleep(500);

        assertTreeGone(tree);
    }

    @Test
    public void anOrphanedGrandchildThatIgnoresTermIsKilled() throws Exception {
        ProcessInfo child = processes.spawn(shell("stubborn",
                "(setsid sh -c \"trap '' TERM; exec sleep " + tag + "\" &); exec sleep " + tag));
        List<ProcTable.Entry> tree = awaitRunning(2);

        processes.terminate(child.pid(), Duration.ofMillis(500));

        assertEquals(Ending.FORCED, processes.info(child.pid()).orElseThrow().ending());
        assertTreeGone(tree);
    }

    @Test
    public void aFiveLevelTreeOfSessionLeadersEnds() throws Exception {
        String level = "n=$1; if [ \"$n\" -gt 1 ]; then (setsid sh -c \"$0\" \"$0\" $((n-1)) &); fi; exec sleep " + tag;
        ProcessInfo child = processes.spawn(ProcessSpec.named("five").withCommand("sh", "-c", level, level, "5"));
        List<ProcTable.Entry> tree = awaitRunning(5);

        processes.terminate(child.pid(), Duration.ZERO);

        assertTreeGone(tree);
    }

    @Test
    public void childrenOutliveTheThreadThatSpawnedThem() throws Exception {
        AtomicReference<ProcessInfo> spawned = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                spawned.set(processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", tag)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        caller.start();
        caller.join();
        Thread.sleep(300); // PDEATHSIG would have come at once

        assertEquals(1, ProcTable.running("sleep " + tag).size());
        assertEquals(ProcessState.RUNNING, processes.state(spawned.get().pid()));
        processes.terminate(spawned.get().pid(), Duration.ZERO);
        assertTreeGone(List.of());
    }

    @Test
    public void aKilledJvmTakesItsDirectChildrenWithIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SpawningJvm.class.getName(), mode, tag).redirectErrorStream(true).start();
        long child;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertNotNull("the JVM ended before spawning", line);
            } while (!line.startsWith("spawned "));
            child = Long.parseLong(line.substring(8).trim());
            assertTrue(ProcTable.read(child) != null);

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
        } finally {
            jvm.destroyForcibly();
        }
        awaitNoneRunning();
        removeCgroupsOf(jvm.pid());
    }

    @Test
    public void theChildRunsInItsOwnCgroupWhichIsRemovedWithIt() throws Exception {
        assumeTrue(mode.equals("cgroup"));
        ProcessInfo child = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", tag));
        awaitRunning(1); // the wrapper enters the cgroup, then execs the command
        String cgroup = Files.readAllLines(Path.of("/proc", Long.toString(child.osPid()), "cgroup")).stream()
                .filter(line -> line.startsWith("0::")).findFirst().orElseThrow().substring(3);
        assertTrue(cgroup, cgroup.matches(".*/reclaim-" + JVM + "(\\.\\d+)?/pid-" + child.pid().value()));
        Path directory = mount().resolve(cgroup.substring(1));
        assertTrue(Files.readString(directory.resolve("cgroup.procs")).contains(Long.toString(child.osPid())));

        processes.terminate(child.pid(), Duration.ZERO);

        assertFalse(directory + " is removed", Files.exists(directory));
    }

    @Test
    public void malformedLimitsFailTheSpawnAndStartNothing() throws Exception {
        long spawned = processes.statistics().spawned();
        for (String[] limit : new String[][] {{"memory.max", "lots"}, {"memory.max", "-1"}, {"pids.max", "0"},
                {"pids.max", "1.5"}}) {
            ProcessSpec spec = ProcessSpec.named("limited").withCommand("sleep", tag).withProperty(limit[0], limit[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> processes.spawn(spec));
            assertTrue(e.getMessage(), e.getMessage().contains(limit[0]));
        }
        assertEquals(spawned, processes.statistics().spawned());
        assertTrue(processes.list().isEmpty());
        assertTrue(ProcTable.running("sleep " + tag).isEmpty());
    }

    @Test
    public void aLimitIsSetOnTheCgroupOrTheSpawnFailsSayingWhy() throws Exception {
        ProcessSpec spec = ProcessSpec.named("limited").withCommand("sleep", tag)
                .withProperty(ProcessManagers.PIDS_MAX_PROPERTY, "16").withProperty(ProcessManagers.MEMORY_MAX_PROPERTY, "64M");
        String describe = ((DefaultProcessManager) processes).containment();
        if (describe.contains("controllers memory,pids")) {
            ProcessInfo child = processes.spawn(spec);
            String cgroup = Files.readAllLines(Path.of("/proc", Long.toString(child.osPid()), "cgroup")).get(0).substring(3);
            assertEquals("67108864", Files.readString(mount().resolve(cgroup.substring(1)).resolve("memory.max")).trim());
            assertEquals("16", Files.readString(mount().resolve(cgroup.substring(1)).resolve("pids.max")).trim());
            processes.terminate(child.pid(), Duration.ZERO);
        } else {
            IOException e = assertThrows(IOException.class, () -> processes.spawn(spec));
            assertTrue(e.getMessage(), e.getMessage().contains("controller"));
            assertTrue(processes.list().isEmpty());
            assertTrue(ProcTable.running("sleep " + tag).isEmpty());
        }
    }

    private static ProcessSpec shell(String name, String script) {
        return ProcessSpec.named(name).withCommand("sh", "-c", script);
    }

    private void awaitEnded(ProcessInfo child) throws InterruptedException {
        Os.await("pid " + child.pid() + " TERMINATED", WAIT,
                () -> processes.state(child.pid()) == ProcessState.TERMINATED);
    }

    /** Waits until {@code count} processes run {@code sleep <tag>} itself (not a shell that will exec it). */
    private List<ProcTable.Entry> awaitRunning(int count) throws InterruptedException {
        Os.await(count + " sleep(s) " + tag + " running", WAIT, () -> sleeps().size() >= count);
        return ProcTable.running("sleep " + tag);
    }

    private List<ProcTable.Entry> sleeps() {
        List<ProcTable.Entry> sleeps = new ArrayList<>();
        for (ProcTable.Entry entry : ProcTable.running("sleep " + tag)) {
            if (entry.commandLine().matches("(\\S*/)?sleep " + tag)) {
                sleeps.add(entry);
            }
        }
        return sleeps;
    }

    private void awaitNoneRunning() throws InterruptedException {
        Os.await("no sleep " + tag + " running", Duration.ofSeconds(5), () -> ProcTable.running("sleep " + tag).isEmpty());
    }

    /**
     * No process of the tree runs once the termination returned, and within a bounded wait none
     * of those seen is left in the table (a zombie is reaped by its parent: the JVM under the
     * subreaper, init under a cgroup), and the JVM has no zombie child.
     */
    private void assertTreeGone(List<ProcTable.Entry> seen) throws InterruptedException {
        List<ProcTable.Entry> running = ProcTable.running("sleep " + tag);
        assertTrue("still running: " + running, running.isEmpty());
        for (ProcTable.Entry entry : seen) {
            ProcTable.Entry now = ProcTable.read(entry.pid());
            assertTrue("still running: " + now, !entry.present() || now.state() == 'Z');
        }
        Os.await("the tree " + seen + " has left the process table and the JVM has no zombie child", WAIT,
                () -> seen.stream().noneMatch(ProcTable.Entry::present) && ProcTable.zombiesOf(JVM).isEmpty());
    }

    private static Path mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(" - cgroup2 ")) {
                return Path.of(line.split(" ")[4]);
            }
        }
        throw new AssertionError("no cgroup2 mount");
    }

    /**
     * A JVM killed with SIGKILL cannot remove its cgroups; a restarted Reclaim would, here the test
     * does. The killed JVM was this JVM's child, so its {@code reclaim-<pid>} sits under this JVM's
     * own cgroup; it is looked up there, not found by walking a tree other JVMs change meanwhile.
     */
    private static void removeCgroupsOf(long jvm) throws IOException {
        if (!Files.isReadable(Path.of("/proc/self/mountinfo"))) {
            return;
        }
        Path mount;
        try {
            mount = mount();
        } catch (AssertionError noCgroup2) {
            return;
        }
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(line -> line.startsWith("0::"))
                .findFirst().map(line -> line.substring(3)).orElse("/");
        Path parent = mount.resolve(own.substring(1)).resolve("reclaim-" + jvm);
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (var children = Files.list(parent)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                Files.deleteIfExists(child);
            }
        } catch (NoSuchFileException removedMeanwhile) {
            return;
        }
        Files.deleteIfExists(parent);
    }
}
