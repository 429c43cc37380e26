package io.reclaim.shell.internal;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;

/**
 * A small process manager with real OS children: terminate sends SIGTERM, waits the grace,
 * then SIGKILL; a child that exits by itself is ended the same way on the JDK's exit
 * notification; every ending runs the orchestrator's cleanup once, and every caller of a
 * concurrent terminate gets that one result.
 */
final class LiveProcessManager implements ProcessManager {

    private static final File NOWHERE = new File("/dev/null");

    private final class Managed {
        final AtomicBoolean ending = new AtomicBoolean();
        final CompletableFuture<ProcessInfo> ended = new CompletableFuture<>();
        volatile ProcessInfo info;
        volatile Process os;

        Managed(ProcessInfo info) {
            this.info = info;
        }
    }

    private final LiveOrchestrator orchestrator;
    private final Map<Pid, Managed> table = new ConcurrentHashMap<>();
    private final AtomicLong lastPid = new AtomicLong();

    LiveProcessManager(LiveOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public ProcessInfo spawn(ProcessSpec spec) throws IOException {
        Pid pid = Pid.of(lastPid.incrementAndGet());
        Managed process = new Managed(new ProcessInfo(pid, spec, ProcessState.RUNNING, 0, Instant.now(), null, null,
                null, null));
        table.put(pid, process);
        if (spec.hasCommand()) {
            Process os;
            try {
                os = new ProcessBuilder(spec.command()).redirectInput(NOWHERE)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                table.remove(pid);
                throw e;
            }
            process.os = os;
            ProcessInfo info = process.info;
            process.info = new ProcessInfo(pid, spec, ProcessState.RUNNING, os.pid(), info.started(), null, null, null,
                    null);
            os.onExit().thenRun(() -> {
                if (process.ending.compareAndSet(false, true)) {
                    end(process, Duration.ZERO, Ending.EXITED);
                }
            });
        }
        return process.info;
    }

    @Override
    public List<ProcessInfo> list() {
        return table.values().stream().map(p -> p.info).filter(i -> i.state() != ProcessState.TERMINATED)
                .sorted(Comparator.comparing(ProcessInfo::pid)).toList();
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        Managed process = table.get(pid);
        return process == null ? Optional.empty() : Optional.of(process.info);
    }

    @Override
    public List<ProcessInfo> history() {
        List<ProcessInfo> ended = new ArrayList<>();
        table.values().forEach(p -> {
            if (p.info.state() == ProcessState.TERMINATED) {
                ended.add(p.info);
            }
        });
        ended.sort(Comparator.comparing(ProcessInfo::ended).reversed());
        return ended;
    }

    @Override
    public ProcessStatistics statistics() {
        long running = list().size();
        return new ProcessStatistics(lastPid.get(), running, 0, 0, 0, 0);
    }

    @Override
    public CleanupResult terminate(Pid pid, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace cannot be negative");
        }
        Managed process = table.get(pid);
        if (process == null) {
            throw new NoSuchProcessException(pid);
        }
        if (process.ending.compareAndSet(false, true)) {
            return end(process, grace, null).cleanup();
        }
        return process.ended.join().cleanup();
    }

    @Override
    public ProcessState state(Pid pid) {
        Managed process = table.get(pid);
        return process == null ? null : process.info.state();
    }

    /** @return the processes that ended, by how */
    Map<Ending, Long> endings() {
        Map<Ending, Long> endings = new java.util.EnumMap<>(Ending.class);
        history().forEach(info -> endings.merge(info.ending(), 1L, Long::sum));
        return endings;
    }

    private ProcessInfo end(Managed process, Duration grace, Ending requested) {
        ProcessInfo info = process.info;
        process.info = new ProcessInfo(info.pid(), info.spec(), ProcessState.TERMINATING, info.osPid(), info.started(),
                null, null, null, null);
        Ending ending = requested == null ? Ending.TERMINATED : requested;
        Integer exit = null;
        Process os = process.os;
        if (os != null) {
            try {
                if (requested == null) {
                    os.destroy();
                    if (grace.isZero() || !os.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                        os.destroyForcibly();
                        ending = Ending.FORCED;
                    }
                }
                os.waitFor(10, TimeUnit.SECONDS);
                exit = os.isAlive() ? null : os.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CleanupResult result = orchestrator.cleanupProcess(info.pid());
        ProcessInfo done = new ProcessInfo(info.pid(), info.spec(), ProcessState.TERMINATED, info.osPid(),
                info.started(), Instant.now(), ending, exit, result);
        process.info = done;
        process.ended.complete(done);
        return done;
    }
}
