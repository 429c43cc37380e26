package io.reclaim.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/**
 * The process table and the termination path every process takes, whether someone calls
 * {@link #terminate}, its OS child exits by itself, or the manager shuts down: gate closed,
 * listeners told, SIGTERM to the whole OS tree, grace, SIGKILL to what remains, every cleanup
 * handler, TERMINATED.
 */
public final class DefaultProcessManager implements CloseableProcessManager {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultProcessManager.class);

    private final ResourceOrchestrator orchestrator;
    private final TerminationListeners listeners = new TerminationListeners();
    private final OsProcessCleanup osProcessCleanup;
    private final ProcessHistory history;
    private final Reaper reaper = new Reaper();
    private final Map<Pid, ManagedProcess> live = new ConcurrentHashMap<>();
    private final AtomicLong lastPid = new AtomicLong();
    private final LongAdder spawned = new LongAdder();
    private final Map<Ending, LongAdder> ended = new EnumMap<>(Map.of(Ending.TERMINATED, new LongAdder(),
            Ending.FORCED, new LongAdder(), Ending.EXITED, new LongAdder(), Ending.SHUTDOWN, new LongAdder()));
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private volatile Settings settings;
    private volatile OsLauncher launcher;
    private volatile boolean closed;

    public DefaultProcessManager(ResourceOrchestrator orchestrator, Settings settings) {
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.history = new ProcessHistory(settings.historySize());
        this.launcher = OsLauncher.create(settings.useSetsid());
        this.osProcessCleanup = new OsProcessCleanup(this, settings.killTimeout());
    }

    /** The listeners to tell when a process starts terminating; add and remove at any time. */
    public TerminationListeners listeners() {
        return listeners;
    }

    /** The handler that ends the OS trees; the owner registers it with the orchestrator. */
    public OsProcessCleanup osProcessCleanup() {
        return osProcessCleanup;
    }

    /** Runs {@code action} after {@link #close()} has ended every process, e.g. to unregister the handler. */
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    /** Applies new settings; they take effect for the next spawn and the next cleanup. */
    public void reconfigure(Settings newSettings) {
        Settings old = settings;
        settings = newSettings;
        history.resize(newSettings.historySize());
        osProcessCleanup.killTimeout(newSettings.killTimeout());
        if (old.useSetsid() != newSettings.useSetsid()) {
            launcher = OsLauncher.create(newSettings.useSetsid());
        }
    }

    /** @return whether OS children are started in their own session and process group */
    public boolean startsOwnGroups() {
        return launcher.ownGroup();
    }

    @Override
    public ProcessState state(Pid pid) {
        ManagedProcess process = live.get(pid);
        if (process != null) {
            return process.state();
        }
        // pids are handed out in order and never reused: any lower one that is not live has ended
        if (pid.value() > lastPid.get() || history.isAbandoned(pid)) {
            return null;
        }
        return ProcessState.TERMINATED;
    }

    @Override
    public ProcessStatistics statistics() {
        return new ProcessStatistics(spawned.sum(), live.size(), ended.get(Ending.TERMINATED).sum(),
                ended.get(Ending.FORCED).sum(), ended.get(Ending.EXITED).sum(), ended.get(Ending.SHUTDOWN).sum());
    }

    @Override
    public ProcessInfo spawn(ProcessSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        checkOpen();
        ManagedProcess process = new ManagedProcess(Pid.of(lastPid.incrementAndGet()), spec, Instant.now());
        // RUNNING before the OS child starts, so the gate admits the child into the ledger
        live.put(process.pid(), process);
        if (closed) {
            discard(process);
            checkOpen();
        }
        if (spec.hasCommand()) {
            start(process);
        }
        spawned.increment();
        LOG.debug("spawned pid {} '{}'", process.pid(), spec.name());
        return process.snapshot();
    }

    private void start(ManagedProcess process) throws IOException {
        Process os;
        try {
            os = launcher.start(process.spec());
        } catch (IOException e) {
            discard(process);
            throw e;
        } catch (RuntimeException e) {
            discard(process);
            throw new IOException("cannot start '" + process.spec().name() + "': " + e.getMessage(), e);
        }
        OsChild child = new OsChild(os, launcher.ownGroup());
        process.attach(child);
        try {
            osProcessCleanup.track(process.pid(), child);
        } catch (IllegalStateException e) {
            // terminated or shut down while starting: the ledger has already killed the tree
            LOG.debug("pid {} stopped while its OS child {} was starting: {}", process.pid(), child.pid(), e.getMessage());
            return;
        }
        reaper.watch(os, () -> reap(process));
    }

    /** Forgets a process whose OS child could not start: no pid is left behind. */
    private void discard(ManagedProcess process) {
        if (process.abandon()) {
            history.abandon(process.pid());
            live.remove(process.pid(), process);
        }
    }

    @Override
    public List<ProcessInfo> list() {
        List<ProcessInfo> running = new ArrayList<>(live.size());
        for (ManagedProcess process : live.values()) {
            ProcessInfo info = process.snapshot();
            if (info.state() != ProcessState.TERMINATED) {
                running.add(info);
            }
        }
        running.sort(Comparator.comparing(ProcessInfo::pid));
        return List.copyOf(running);
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        ManagedProcess process = live.get(pid);
        if (process != null) {
            ProcessInfo info = process.snapshot();
            if (info.state() != ProcessState.TERMINATED) {
                return Optional.of(info);
            }
            // it is finishing right now; its final record went into the history first
        }
        return history.get(pid);
    }

    @Override
    public List<ProcessInfo> history() {
        return history.list();
    }

    @Override
    public CleanupResult terminate(Pid pid, Duration grace) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative, got " + grace);
        }
        ManagedProcess process = live.get(pid);
        if (process == null) {
            return history.get(pid).map(ProcessInfo::cleanup).orElseThrow(() -> new NoSuchProcessException(pid));
        }
        if (process.beginTermination()) {
            return end(process, grace, null).cleanup();
        }
        return awaitEnd(process).cleanup();
    }

    private ProcessInfo awaitEnd(ManagedProcess process) {
        if (process.isEndingOnThisThread()) {
            // a termination listener or cleanup handler asked again: waiting would wait for itself
            throw new IllegalStateException("pid " + process.pid() + " is being terminated by this very call chain");
        }
        try {
            // bounded by the termination in progress: a grace period, the kill timeout and the
            // orchestrator's own per-handler timeouts
            return process.ended().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Called when an OS child exits by itself, on the reaper's thread. */
    private void reap(ManagedProcess process) {
        if (process.beginTermination()) {
            ProcessInfo info = end(process, Duration.ZERO, Ending.EXITED);
            LOG.debug("pid {} '{}' exited with status {}; released: {}", process.pid(), process.spec().name(),
                    info.exitCode(), info.cleanup().total());
        }
    }

    /**
     * Ends a process whose termination this thread began.
     *
     * @param requested the ending decided by the caller (EXITED, SHUTDOWN), or {@code null} for a
     *     terminate, whose ending depends on how the tree responds
     */
    private ProcessInfo end(ManagedProcess process, Duration grace, Ending requested) {
        Pid pid = process.pid();
        OsChild child = process.child();
        Ending ending = requested != null ? requested : Ending.TERMINATED;
        CleanupResult result;
        Integer exitCode = null;
        try {
            // A terminate gives the grace to the process as a whole: SIGTERM goes to the OS tree
            // first, then the listeners deliver TERM to the process's own handlers (and may wait
            // for them within the grace), and whatever grace is left is the OS tree's.
            Duration applied = requested == null ? grace : Duration.ZERO;
            long deadline = System.nanoTime() + saturatedNanos(applied);
            List<ProcessHandle> tree = child == null ? List.of() : child.snapshot();
            boolean termSent = child != null && requested == null && !applied.isZero() && child.isAlive();
            if (termSent) {
                OsProcesses.signal(tree, false);
            }
            listeners.terminating(pid, applied);
            if (child != null) {
                ending = stop(process, child, tree, remaining(deadline), requested, termSent);
            }
            result = cleanup(pid);
            if (child != null) {
                exitCode = child.exitCode(settings.killTimeout());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("ending pid {} failed", pid, e);
            result = CleanupResult.of(pid, List.of(new HandlerOutcome("process", 0, -1, CleanupStats.NONE,
                    Duration.ZERO, "ending the process failed: " + e)), Duration.ZERO);
            if (child != null) {
                // whatever failed, the OS tree must not outlive the process
                osProcessCleanup.cleanup(pid);
            }
        }
        ProcessInfo info = process.terminated(ending, exitCode, result);
        ended.get(ending).increment();
        // history first, so that info(pid) finds the process at every moment
        history.add(info);
        process.complete(info);
        live.remove(pid, process);
        LOG.debug("pid {} {}: {}", pid, ending, result.total());
        return info;
    }

    /**
     * The rest of SIGTERM, grace, SIGKILL.
     *
     * @param tree the tree as it was before any signal: children reparent when their parent dies
     * @param termSent whether SIGTERM already went out, i.e. whether the tree gets a grace at all
     * @return how the tree came to end
     */
    private Ending stop(ManagedProcess process, OsChild child, List<ProcessHandle> tree, Duration remaining,
            Ending requested, boolean termSent) {
        if (requested != null) {
            OsProcesses.signal(tree, true);
            return requested;
        }
        if (!termSent) {
            boolean alive = child.isAlive();
            OsProcesses.signal(tree, true);
            return alive ? Ending.FORCED : Ending.EXITED;
        }
        if (OsProcesses.awaitGone(tree, remaining, process::hurried).isEmpty() && child.alive().isEmpty()) {
            return Ending.TERMINATED;
        }
        // the os-process handler confirms the kill and waits for it, within its own bound
        OsProcesses.signal(child.snapshot(), true);
        return process.hurried() ? Ending.SHUTDOWN : Ending.FORCED;
    }

    /** An "endless" grace such as {@code Duration.ofSeconds(Long.MAX_VALUE)} must not overflow the deadline. */
    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : duration.toNanos();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private CleanupResult cleanup(Pid pid) {
        CleanupResult result;
        try {
            result = orchestrator.cleanupProcess(pid);
        } catch (RuntimeException e) {
            LOG.error("the orchestrator failed to clean up pid {}", pid, e);
            result = CleanupResult.of(pid, List.of(new HandlerOutcome("orchestrator", 0, -1, CleanupStats.NONE,
                    Duration.ZERO, "cleanup failed: " + e)), Duration.ZERO);
        }
        if (osProcessCleanup.hasResources(pid)) {
            // the orchestrator does not know the handler (yet): no OS tree may outlive its process
            long start = System.nanoTime();
            CleanupStats stats = osProcessCleanup.cleanup(pid);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.warn("the orchestrator did not run the {} handler for pid {}; ran it directly", ProcessManagers.OS_PROCESS_TYPE, pid);
            List<HandlerOutcome> outcomes = new ArrayList<>(result.outcomes().size() + 1);
            outcomes.add(new HandlerOutcome(ProcessManagers.OS_PROCESS_TYPE, settings.osProcessRanking(), -1, stats, took, null));
            outcomes.addAll(result.outcomes());
            result = CleanupResult.of(pid, outcomes, result.duration().plus(took));
        }
        return result;
    }

    /**
     * Terminates every live process at once (SHUTDOWN, no grace) and refuses later spawns, so no OS
     * child outlives the manager.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int ended = endAll();
        reaper.close();
        for (Runnable action : closeActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("closing the process manager: {} failed", action, e);
            }
        }
        osProcessCleanup.close();
        LOG.info("process manager closed; {} live process(es) shut down", ended);
    }

    /**
     * Ends every live process now (SHUTDOWN, no grace) through the full cleanup, and waits for
     * those another thread is ending; the manager stays open. Called before a part of the platform
     * goes away, while every cleanup handler is still there.
     *
     * @return how many processes this call ended
     */
    public int endAll() {
        int ended = 0;
        for (ManagedProcess process : live.values()) {
            if (process.beginTermination()) {
                end(process, Duration.ZERO, Ending.SHUTDOWN);
                ended++;
            } else if (!process.isEndingOnThisThread()) {
                // a terminate waiting out its grace ends now, through its own full cleanup, and
                // reports it; waiting for the grace would leave the managers to release first
                process.hurry();
                awaitBounded(process);
            }
        }
        return ended;
    }

    /** Waits for a termination another thread is running, within the kill timeout twice over. */
    private void awaitBounded(ManagedProcess process) {
        long millis = settings.killTimeout().toMillis() * 2;
        try {
            process.ended().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("pid {} did not finish terminating within {} ms during shutdown", process.pid(), millis);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the process manager is closed");
        }
    }
}
