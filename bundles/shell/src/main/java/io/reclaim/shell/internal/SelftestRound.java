package io.reclaim.shell.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;

/**
 * One round of the self-test: OS children that exit by themselves first (their exit overlaps the
 * rest), OS children ended by each path, then logical processes in batches, each sampling every
 * type once and ended by each path in turn. It counts the samples per type and notes what went
 * wrong without being a leak.
 */
final class SelftestRound {

    final Map<String, Long> sampled = new HashMap<>();
    final Map<String, Long> failed = new HashMap<>();
    final Map<String, String> failure = new HashMap<>();
    final Set<String> noSample = new HashSet<>();
    final List<String> problems = new ArrayList<>();
    int osBacked;
    private final ProcessManager processes;
    private final List<ResourceCleanup> cleanups;
    private final SelfTest.Settings settings;
    private final ExecutorService pair;
    private final Set<Pid> spawned;
    private final boolean warmUp;

    /**
     * @param pair the two threads that terminate a process at the same moment
     * @param spawned where every pid the round spawns is added
     * @param warmUp whether this is the unmeasured round: its OS children exit at once
     */
    SelftestRound(ProcessManager processes, List<ResourceCleanup> cleanups, SelfTest.Settings settings,
            ExecutorService pair, Set<Pid> spawned, boolean warmUp) {
        this.processes = processes;
        this.cleanups = cleanups;
        this.settings = settings;
        this.pair = pair;
        this.spawned = spawned;
        this.warmUp = warmUp;
    }

    void run(int logical) throws InterruptedException {
        String prefix = warmUp ? "selftest-warmup-" : "selftest-";
        // the OS children that exit by themselves go first: their exit overlaps the rest of the round
        List<Pid> exiting = new ArrayList<>();
        Map<Pid, SelfTest.Path> os = new LinkedHashMap<>();
        try {
            for (int i = 0; i < settings.osPerPath(); i++) {
                exiting.add(spawnAndSample(prefix + "exit-" + i,
                        warmUp ? settings.warmUpExit() : settings.selfExit(), true));
            }
            for (SelfTest.Path path : SelfTest.Path.values()) {
                for (int i = 0; i < settings.osPerPath(); i++) {
                    os.put(spawnAndSample(prefix + path.label + "-" + i, settings.sleeper(), false), path);
                }
            }
        } catch (IOException e) {
            problems.add("processes backed by OS children skipped: " + e.getMessage());
        }
        osBacked = exiting.size() + os.size();
        for (Map.Entry<Pid, SelfTest.Path> child : os.entrySet()) {
            end(child.getKey(), child.getValue());
        }

        SelfTest.Path[] paths = SelfTest.Path.values();
        int number = 0;
        while (number < logical) {
            List<Pid> batch = new ArrayList<>();
            for (int i = 0; i < settings.batch() && number < logical; i++, number++) {
                try {
                    batch.add(spawnAndSample(prefix + number, List.of(), false));
                } catch (IOException e) {
                    throw new IllegalStateException("a logical process could not be spawned: " + e.getMessage(), e);
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                end(batch.get(i), paths[i % paths.length]);
            }
        }
        awaitOwnExit(exiting);
    }

    /** @param exitsByItself whether the OS child may exit, and close the gate, while the samples are taken */
    private Pid spawnAndSample(String name, List<String> command, boolean exitsByItself) throws IOException {
        ProcessSpec spec = ProcessSpec.named(name);
        Pid pid = processes.spawn(command.isEmpty() ? spec : spec.withCommand(command)).pid();
        spawned.add(pid);
        for (ResourceCleanup cleanup : cleanups) {
            sample(cleanup, pid, exitsByItself);
        }
        return pid;
    }

    private void sample(ResourceCleanup cleanup, Pid pid, boolean mayHaveExited) {
        String type = cleanup.resourceType();
        if (noSample.contains(type)) {
            return;
        }
        try {
            if (cleanup.sample(pid)) {
                sampled.merge(type, 1L, Long::sum);
            } else {
                noSample.add(type);
            }
        } catch (ProcessNotRunningException e) {
            if (!mayHaveExited) {
                fail(type, e);
            }
            // an OS child that exits by itself may do so before every sample landed: the gate refused the rest
        } catch (Throwable e) { // a sample is the type's own code: an Error fails that type, not the test
            fail(type, e);
        }
    }

    private void fail(String type, Throwable e) {
        failed.merge(type, 1L, Long::sum);
        failure.putIfAbsent(type, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private void end(Pid pid, SelfTest.Path path) throws InterruptedException {
        try {
            switch (path) {
                case GRACEFUL -> processes.terminate(pid, settings.grace());
                case FORCED -> processes.terminate(pid, Duration.ZERO);
                case DOUBLE_TERMINATE -> terminateTwiceAtOnce(pid);
            }
        } catch (RuntimeException | Error e) {
            problems.add("pid " + pid + ": " + path + " terminate failed: " + e);
        }
    }

    /** Two threads terminate the same pid at the same moment; both must get the one result. */
    private void terminateTwiceAtOnce(Pid pid) throws InterruptedException {
        CyclicBarrier together = new CyclicBarrier(2);
        long bound = settings.bound().toMillis();
        Future<CleanupResult> graceful = pair.submit(() -> {
            together.await(bound, TimeUnit.MILLISECONDS);
            return processes.terminate(pid, settings.grace());
        });
        Future<CleanupResult> forced = pair.submit(() -> {
            together.await(bound, TimeUnit.MILLISECONDS);
            return processes.terminate(pid, Duration.ZERO);
        });
        try {
            CleanupResult first = graceful.get(bound, TimeUnit.MILLISECONDS);
            CleanupResult second = forced.get(bound, TimeUnit.MILLISECONDS);
            if (!Objects.equals(first, second)) {
                problems.add("pid " + pid + ": two terminates at once returned different results");
            }
        } catch (ExecutionException e) {
            problems.add("pid " + pid + ": a terminate at the same time as another failed: " + e.getCause());
        } catch (TimeoutException e) {
            problems.add("pid " + pid + ": two terminates at once did not finish within " + settings.bound());
        }
    }

    private void awaitOwnExit(List<Pid> exiting) throws InterruptedException {
        long deadline = System.nanoTime() + settings.bound().toNanos();
        for (Pid pid : exiting) {
            while (processes.state(pid) != ProcessState.TERMINATED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (processes.state(pid) != ProcessState.TERMINATED) {
                problems.add("pid " + pid + ": its OS child did not exit by itself within " + settings.bound());
            }
        }
    }
}
