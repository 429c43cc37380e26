package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.Ending;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;

/**
 * Nothing an OS child starts outlives it, under the containment a subclass configures through
 * Configuration Admin. Every claim is checked in the host's process table ({@code /proc}): no
 * process of the tree runs, none is left as a zombie, and the JVM has no zombie child.
 */
public abstract class ContainmentITSupport extends ReclaimTestSupport {

    private static final long JVM = ProcessHandle.current().pid();
    private static final int MANY = 2_000;

    private ProcessManager processes;
    private String tag;

    /** @return {@code cgroup} or {@code subreaper} */
    protected abstract String mode();

    /** The platform with JNA, so that children start with posix_spawn and the subreaper is possible. */
    protected static Option[] withJna() {
        return options(mavenBundle("net.java.dev.jna", "jna").versionAsInProject(), composite(platform(PLATFORM)));
    }

    @Before
    public void configureContainment() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration("io.reclaim.process", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("containment", mode());
        // the final record of every one of 2,000 children is read afterwards
        properties.put("history.size", 2 * MANY);
        config.update(properties);
        processes = service(ProcessManager.class, "(containment=" + mode() + ")");
        tag = Long.toString(8_000_000 + (System.nanoTime() / 1000) % 1_000_000);
        // the containment the host really gave: a child's cgroup, or the subreaper's mark
        ProcessInfo probe = processes.spawn(ProcessSpec.named("probe").withCommand("sleep", tag));
        await("the probe runs", () -> !sleeps().isEmpty());
        String cgroup = cgroupOf(probe.osPid());
        String environment = read(Path.of("/proc", Long.toString(probe.osPid()), "environ"));
        processes.terminate(probe.pid(), Duration.ZERO);
        if (mode().equals("cgroup")) {
            assumeTrue("no writable cgroup v2 here", cgroup.contains("/reclaim-" + JVM + "/"));
        } else {
            assumeTrue("no subreaper here", !cgroup.contains("/reclaim-") && environment.contains("RECLAIM_TREE=" + JVM + "."));
        }
        tag = Long.toString(Long.parseLong(tag) + 1);
    }

    @Test
    public void aDaemonThatDoubleForksIntoItsOwnSessionEndsWhenItsParentExits() throws Exception {
        ProcessInfo child = processes.spawn(shell("daemonizer", "(setsid sleep " + tag + " &); exit 0"));

        await("the child ended by itself", () -> processes.state(child.pid()) == ProcessState.TERMINATED);
        Thread.sleep(500); // time for an escaped daemon to show up

        assertEquals(Ending.EXITED, processes.info(child.pid()).orElseThrow().ending());
        assertTreeGone(List.of());
    }

    @Test
    public void aRunningChildWithABackgroundedDaemonEndsWithTerminate() throws Exception {
        ProcessInfo child = processes.spawn(shell("parent", "setsid sleep " + tag + " & exec sleep " + tag));
        List<Long> tree = awaitSleeps(2);

        processes.terminate(child.pid(), Duration.ofSeconds(2));

        assertTreeGone(tree);
    }

    @Test
    public void aDaemonStartedByTheTermTrapEndsToo() throws Exception {
        ProcessInfo child = processes.spawn(shell("trapper",
                "trap 'setsid sleep " + tag + " & exit 0' TERM; sleep " + tag + " & wait"));
        List<Long> tree = awaitSleeps(1);

        processes.terminate(child.pid(), Duration.ofSeconds(2));
        Thread.sleep(500);

        assertTreeGone(tree);
    }

    @Test
    public void aGrandchildThatIgnoresTermIsKilled() throws Exception {
        ProcessInfo child = processes.spawn(shell("stubborn",
                "(setsid sh -c \"trap '' TERM; exec sleep " + tag + "\" &); exec sleep " + tag));
        List<Long> tree = awaitSleeps(2);

        processes.terminate(child.pid(), Duration.ofMillis(500));

        assertEquals(Ending.FORCED, processes.info(child.pid()).orElseThrow().ending());
        assertTreeGone(tree);
    }

    @Test
    public void aFiveLevelTreeOfSessionLeadersEnds() throws Exception {
        String level = "n=$1; if [ \"$n\" -gt 1 ]; then (setsid sh -c \"$0\" \"$0\" $((n-1)) &); fi; exec sleep " + tag;
        ProcessInfo child = processes.spawn(ProcessSpec.named("five").withCommand("sh", "-c", level, level, "5"));
        List<Long> tree = awaitSleeps(5);

        processes.terminate(child.pid(), Duration.ZERO);

        assertTreeGone(tree);
    }

    /**
     * 2,000 children, each with a daemon of its own session, killed one by one; the JVM keeps no
     * thread per child. Prints what the kills cost with many and with few others alive.
     */
    @Test
    public void twoThousandChildrenAreKilledWithEverythingTheyStarted() throws Exception {
        long threadsBefore = threads();
        List<ProcessInfo> children = new ArrayList<>(MANY);
        long spawnStart = System.nanoTime();
        for (int i = 0; i < MANY; i++) {
            children.add(processes.spawn(shell("many-" + i, "setsid sleep " + tag + " & exec sleep " + tag)));
        }
        long spawnNanos = System.nanoTime() - spawnStart;
        await(2 * MANY + " sleeps run", () -> sleeps().size() == 2 * MANY);
        long threadsDuring = threads();

        long[] kill = new long[MANY];
        long killStart = System.nanoTime();
        for (int i = 0; i < MANY; i++) {
            long start = System.nanoTime();
            processes.terminate(children.get(i).pid(), Duration.ZERO);
            kill[i] = System.nanoTime() - start;
        }
        long killNanos = System.nanoTime() - killStart;

        System.out.printf("%s: spawned %d in %d ms; threads %d before, %d with %d children alive; killed one by one in %d ms;"
                + " median kill %.2f ms with >= %d others alive, %.2f ms with <= 10 others alive%n", mode(), MANY,
                spawnNanos / 1_000_000, threadsBefore, threadsDuring, MANY, killNanos / 1_000_000,
                median(kill, 0, 100) / 1e6, MANY - 100, median(kill, MANY - 11, MANY) / 1e6);
        assertTrue("threads " + threadsBefore + " before, " + threadsDuring + " with " + MANY + " children",
                threadsDuring - threadsBefore < 50);
        for (ProcessInfo child : children) {
            assertEquals(ProcessState.TERMINATED, processes.state(child.pid()));
        }
        assertTreeGone(List.of());
    }

    /**
     * 2,000 children blocked on one FIFO exit together when its last writer closes: each pid is
     * closed to acquisitions as soon as its exit is seen, and every one is cleaned up.
     */
    @Test
    public void twoThousandChildrenExitingAtOnceAreAllGatedAndCleaned() throws Exception {
        Path fifo = Files.createTempDirectory("reclaim-fifo").resolve("exit");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<ProcessInfo> children = new ArrayList<>(MANY);
        // a reader and writer of our own, so that every child's open returns at once
        try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < MANY; i++) {
                children.add(processes.spawn(shell("waiter-" + i, "read x < " + fifo + "; exit 7 # " + tag)));
            }
            await(MANY + " children wait on the FIFO", () -> children.stream().allMatch(c -> readsFrom(c.osPid(), fifo)));
        }
        // the last writer closed: every child reads end of file and exits
        await("every child was reaped", () -> children.stream().noneMatch(c -> present(c.osPid())));
        List<Pid> open = new ArrayList<>();
        for (ProcessInfo child : children) {
            if (processes.state(child.pid()) == ProcessState.RUNNING) {
                open.add(child.pid());
            }
        }
        assertTrue(open.size() + " pids still admit acquisitions after their OS child was reaped: " + open, open.isEmpty());
        await("every pid TERMINATED", () -> children.stream().allMatch(c -> processes.state(c.pid()) == ProcessState.TERMINATED));
        for (ProcessInfo child : children) {
            ProcessInfo ended = processes.info(child.pid()).orElseThrow();
            assertEquals(Ending.EXITED, ended.ending());
            assertEquals(Integer.valueOf(7), ended.exitCode());
        }
        assertTreeGone(List.of());
        Files.delete(fifo);
        Files.delete(fifo.getParent());
    }

    /** Terminating 2,000 children from 8 threads at once: all ended, nothing left. */
    @Test
    public void twoThousandChildrenTerminatedConcurrentlyLeaveNothing() throws Exception {
        List<ProcessInfo> children = new ArrayList<>(MANY);
        for (int i = 0; i < MANY; i++) {
            children.add(processes.spawn(shell("many-" + i, "(setsid sleep " + tag + " &); exec sleep " + tag)));
        }
        await(2 * MANY + " sleeps run", () -> sleeps().size() == 2 * MANY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ProcessInfo child : children) {
                done.add(pool.submit(() -> processes.terminate(child.pid(), Duration.ZERO)));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTreeGone(List.of());
    }

    private static ProcessSpec shell(String name, String script) {
        return ProcessSpec.named(name).withCommand("sh", "-c", script);
    }

    private List<Long> awaitSleeps(int count) throws InterruptedException {
        await(count + " sleep(s) " + tag + " run", () -> sleeps().size() >= count);
        return sleeps();
    }

    /** @return the processes running {@code sleep <tag>} itself (not a shell about to exec it) */
    private List<Long> sleeps() {
        List<Long> found = new ArrayList<>();
        for (long pid : allPids()) {
            String commandLine = read(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
            if (commandLine.matches("(\\S*/)?sleep " + tag)) {
                found.add(pid);
            }
        }
        return found;
    }

    /**
     * Right after the termination no process of the tree runs; within a bounded wait none of
     * them is left even as a zombie (reaped by its parent: the JVM under the subreaper, init
     * under a cgroup), and the JVM has no zombie child.
     */
    private void assertTreeGone(List<Long> seen) throws InterruptedException {
        List<Long> running = sleeps();
        assertTrue("still running: " + running, running.isEmpty());
        await("no process of the tree left and no zombie child of the JVM",
                () -> sleeps().isEmpty() && seen.stream().noneMatch(ContainmentITSupport::present) && zombieChildren().isEmpty());
    }

    private static List<Long> zombieChildren() {
        List<Long> zombies = new ArrayList<>();
        for (long pid : allPids()) {
            String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            if (stat.isEmpty()) {
                continue;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (fields[0].equals("Z") && Long.parseLong(fields[1]) == JVM) {
                zombies.add(pid);
            }
        }
        return zombies;
    }

    private static boolean present(long osPid) {
        return Files.exists(Path.of("/proc", Long.toString(osPid)));
    }

    private static boolean readsFrom(long osPid, Path fifo) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(osPid), "fd", "0")).equals(fifo);
        } catch (IOException e) {
            return false;
        }
    }

    private static String cgroupOf(long osPid) {
        for (String line : read(Path.of("/proc", Long.toString(osPid), "cgroup")).split("\n")) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        return "";
    }

    private static long threads() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            long count = 0;
            for (Path ignored : tasks) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long median(long[] values, int from, int to) {
        long[] part = java.util.Arrays.copyOfRange(values, from, to);
        java.util.Arrays.sort(part);
        return part[part.length / 2];
    }

    private static List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().matches("\\d+"))) {
            entries.forEach(p -> pids.add(Long.parseLong(p.getFileName().toString())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return pids;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
