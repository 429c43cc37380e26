package io.reclaim.benchmarks;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/**
 * The life of one OS child ({@code sleep 600}) through Reclaim, against {@link ProcessBuilder}:
 * <ul>
 * <li>{@code reclaimSpawn} / {@code jdkSpawn}: spawn-to-running, until the call that starts the
 *     child has returned and the OS process runs {@code sleep} itself ({@code /proc/<pid>/comm}),
 *     so that Reclaim's wrapper chain (setpriv, the shell that enters the cgroup) is counted
 *     (Reclaim: {@code ProcessManager.spawn}, its cgroup made, the child started from the
 *     launcher thread and watched; JDK: {@code ProcessBuilder.start()}). Both discard the output
 *     and read stdin from the null device.</li>
 * <li>{@code reclaimKill} / {@code jdkKill}: kill-to-gone of a child that runs {@code sleep}
 *     (Reclaim: {@code terminate(pid, 0)}, which returns once the whole tree is gone, the child
 *     reaped and every handler has run; JDK: {@code destroyForcibly()} + {@code waitFor()}).</li>
 * </ul>
 * {@code others} Reclaim children stay alive during the whole trial: a kill must cost the same
 * with 10 or with 2,000 others. {@code containment} is the process manager's setting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class OsChildLifecycle {

    static final ProcessSpec SLEEPER = ProcessSpec.named("sleeper").withCommand("sleep", "600");
    static final File NULL_DEVICE = new File("/dev/null");

    @State(Scope.Benchmark)
    public static class Platform {
        @Param({"10"})
        public int others;

        @Param({"auto"})
        public String containment;

        EmbeddedOrchestrator orchestrator;
        CloseableProcessManager processes;

        @Setup(Level.Trial)
        public void start() throws IOException {
            orchestrator = ResourceOrchestrators.builder().build();
            processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator).containment(containment)
                    .historySize(16).build();
            for (int i = 0; i < others; i++) {
                processes.spawn(SLEEPER);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            processes.close();
            orchestrator.close();
        }
    }

    /** A child started before each measured kill, outside the measured time. */
    @State(Scope.Thread)
    public static class Victim {
        Pid pid;
        Process process;
        Pid spawned;
        Process started;

        @Setup(Level.Invocation)
        public void start(Platform platform, org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
            if (params.getBenchmark().endsWith("reclaimKill")) {
                io.reclaim.api.ProcessInfo info = platform.processes.spawn(SLEEPER);
                pid = info.pid();
                awaitRunning(info.osPid());
            } else if (params.getBenchmark().endsWith("jdkKill")) {
                process = jdk().start();
                awaitRunning(process.pid());
            }
        }

        /** Ends what a spawn benchmark started, outside the measured time. */
        @TearDown(Level.Invocation)
        public void end(Platform platform) throws InterruptedException {
            if (spawned != null) {
                platform.processes.terminate(spawned, Duration.ZERO);
                spawned = null;
            }
            if (started != null) {
                started.destroyForcibly().waitFor();
                started = null;
            }
        }
    }

    /**
     * Polls until the OS process runs the command itself ({@code sleep} is its name in
     * {@code comm}), parking 20 us between looks: spinning would take a core from the child that
     * is starting, on a machine of two.
     */
    static void awaitRunning(long osPid) throws IOException {
        File comm = new File("/proc/" + osPid + "/comm");
        while (true) {
            try (java.io.FileInputStream in = new java.io.FileInputStream(comm)) {
                byte[] name = in.readAllBytes();
                if (name.length == 6 && name[0] == 's' && name[4] == 'p') {
                    return;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    static ProcessBuilder jdk() {
        return new ProcessBuilder(SLEEPER.command()).redirectInput(Redirect.from(NULL_DEVICE))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD);
    }

    @Benchmark
    public Pid reclaimSpawn(Platform platform, Victim victim) throws IOException {
        io.reclaim.api.ProcessInfo info = platform.processes.spawn(SLEEPER);
        victim.spawned = info.pid();
        awaitRunning(info.osPid());
        return victim.spawned;
    }

    @Benchmark
    public Process jdkSpawn(Victim victim) throws IOException {
        victim.started = jdk().start();
        awaitRunning(victim.started.pid());
        return victim.started;
    }

    @Benchmark
    public Object reclaimKill(Platform platform, Victim victim) {
        return platform.processes.terminate(victim.pid, Duration.ZERO);
    }

    @Benchmark
    public int jdkKill(Victim victim) throws InterruptedException {
        return victim.process.destroyForcibly().waitFor();
    }
}
