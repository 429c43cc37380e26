package io.reclaim.process.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.journal.Reclaimed;
import io.reclaim.api.journal.Sequence;
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
    /** The journal sequence pids are drawn from: a pid is never given twice on one journal. */
    static final String PID_SEQUENCE = "pid";
    private static final long CLOSING_POLL_MILLIS = 50;
    /** How long the callers of a terminate cut short by a stop get to print its result. */
    private static final long CALLERS_PRINT_MILLIS = 300;

    private final ResourceOrchestrator orchestrator;
    private final TerminationListeners listeners = new TerminationListeners();
    private final ProcessListeners processListeners = new ProcessListeners();
    private final OsProcessCleanup osProcessCleanup;
    private final ProcessHistory history;
    private final Reaper reaper = new Reaper();
    private final Map<Pid, ManagedProcess> live = new ConcurrentHashMap<>();
    private final Journal journal;
    private final Sequence pids;
    private final Orphans orphans = new Orphans();
    private final OrphanReclaimer orphanReclaimer;
    private final LongAdder spawned = new LongAdder();
    /** Callers inside {@link #terminate}: a close lets them return before the platform goes on stopping. */
    private final LongAdder terminating = new LongAdder();
    private final Map<Ending, LongAdder> ended = new EnumMap<>(Map.of(Ending.TERMINATED, new LongAdder(),
            Ending.FORCED, new LongAdder(), Ending.EXITED, new LongAdder(), Ending.SHUTDOWN, new LongAdder()));
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private volatile Settings settings;
    private final ProcessGate gate = new ProcessGate() {
        @Override
        public ProcessState state(Pid pid) {
            return DefaultProcessManager.this.state(pid);
        }

        @Override
        public ResourceLimit limit(Pid pid, String type) {
            return DefaultProcessManager.this.limit(pid, type);
        }
    };
    /** Whether any process has set limits of its own; never reset, so checking it costs one read. */
    private volatile boolean anyLimits;
    private volatile OsLauncher launcher;
    /** Launchers replaced by a reconfiguration: their children still depend on them until close. */
    private final List<OsLauncher> retired = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public DefaultProcessManager(ResourceOrchestrator orchestrator, Settings settings) {
        this(orchestrator, settings, Journals.inMemory());
    }

    /**
     * @param journal where OS children are recorded and pids drawn from; its owner closes it after
     *     this manager
     */
    public DefaultProcessManager(ResourceOrchestrator orchestrator, Settings settings, Journal journal) {
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.pids = journal.sequence(PID_SEQUENCE);
        this.orphanReclaimer = new OrphanReclaimer(() -> this.settings.orphanGrace(), () -> this.settings.killTimeout(),
                CgroupReclaim.CGROUP_KILL);
        this.history = new ProcessHistory(settings.historySize());
        this.launcher = OsLauncher.create(settings.useSetsid(),
                Containment.create(settings.containment(), settings.cgroupParent()));
        this.osProcessCleanup = new OsProcessCleanup(this, settings.killTimeout());
    }

    /** The listeners to tell when a process starts terminating; add and remove at any time. */
    public TerminationListeners listeners() {
        return listeners;
    }

    /** The listeners told of every spawn and every end; add and remove at any time. */
    public ProcessListeners processListeners() {
        return processListeners;
    }

    /** The handler that ends the OS trees; the owner registers it with the orchestrator. */
    public OsProcessCleanup osProcessCleanup() {
        return osProcessCleanup;
    }

    /** Runs {@code action} after {@link #close()} has ended every process, e.g. to unregister the handler. */
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    /** @return the reclaimer of the OS trees an earlier run left; the owner hands it the journal's leftovers */
    public OrphanReclaimer orphanReclaimer() {
        return orphanReclaimer;
    }

    /**
     * Lists the processes of an earlier run whose leftovers were reclaimed in the history, ending
     * {@link Ending#ORPHAN}; leftovers without an owner are only counted by the journal.
     */
    public void orphansReclaimed(List<Reclaimed> reclaimed) {
        for (ProcessInfo info : orphans.add(reclaimed, this::rankingOf)) {
            history.addOrReplace(info);
        }
    }

    private int rankingOf(String type) {
        if (ProcessManagers.OS_PROCESS_TYPE.equals(type)) {
            return settings.osProcessRanking();
        }
        try {
            for (HandlerInfo handler : orchestrator.handlers()) {
                if (handler.resourceType().equals(type)) {
                    return handler.ranking();
                }
            }
        } catch (Throwable e) { // the orchestrator is another bundle's; a ranking is only for the record
            LOG.debug("no ranking for {}: {}", type, e.toString());
        }
        return 0;
    }

    /** Applies new settings; they take effect for the next spawn and the next cleanup. */
    public void reconfigure(Settings newSettings) {
        Settings old = settings;
        settings = newSettings;
        history.resize(newSettings.historySize());
        osProcessCleanup.killTimeout(newSettings.killTimeout());
        if (old.useSetsid() != newSettings.useSetsid() || !old.containment().equals(newSettings.containment())
                || !old.cgroupParent().equals(newSettings.cgroupParent())) {
            // the next spawns use the new launcher; live children keep theirs (their launcher
            // thread is their parent for PDEATHSIG, and their containment holds their tree)
            retired.add(launcher);
            launcher = OsLauncher.create(newSettings.useSetsid(),
                    Containment.create(newSettings.containment(), newSettings.cgroupParent()));
        }
    }

    /** @return the settings in effect */
    public Settings settings() {
        return settings;
    }

    /** @return the containment of OS children in use, and why no stronger one, in one line */
    public String containment() {
        return launcher.containment().describe();
    }

    /**
     * @return the OS child of a live pid (its cgroup, session and containment, for status and
     *     journal readings), or empty for a logical process or one that has ended
     */
    public Optional<OsChild> osChild(Pid pid) {
        ManagedProcess process = live.get(pid);
        return process == null ? Optional.empty() : Optional.ofNullable(process.child());
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
        if (pid.value() > pids.last() || history.isAbandoned(pid)) {
            return null;
        }
        return ProcessState.TERMINATED;
    }

    /** @return a view of this manager that is only the gate: what may be handed to the resource managers */
    public ProcessGate gate() {
        return gate;
    }

    /**
     * O(1): the process table's entry holds the limits its spec set. Asked on every acquisition,
     * so while no process ever set one (the usual case) it answers without a lookup at all.
     */
    @Override
    public ResourceLimit limit(Pid pid, String type) {
        if (!anyLimits) {
            return null;
        }
        ManagedProcess process = live.get(pid);
        return process == null ? null : process.limit(type);
    }

    @Override
    public ProcessStatistics statistics() {
        return new ProcessStatistics(spawned.sum(), live.size(), ended.get(Ending.TERMINATED).sum(),
                ended.get(Ending.FORCED).sum(), ended.get(Ending.EXITED).sum(), ended.get(Ending.SHUTDOWN).sum(),
                orphans.count());
    }

    @Override
    public ProcessInfo spawn(ProcessSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        checkOpen();
        Limits.of(spec); // a malformed limit fails before any pid is taken
        Map<String, ResourceLimit> resourceLimits = ResourceLimit.of(spec);
        if (!resourceLimits.isEmpty()) {
            anyLimits = true; // before the pid exists: its first acquisition already looks its limits up
        }
        if (spec.hasCommand()) {
            Executables.check(spec); // a program that cannot run takes no pid
        }
        ManagedProcess parent = spec.parent() == null ? null : runningParent(spec.parent());
        ManagedProcess process = new ManagedProcess(Pid.of(nextPid()), spec, Instant.now(), resourceLimits);
        // RUNNING before the OS child starts, so the gate admits the child into the ledger
        live.put(process.pid(), process);
        if (closed) {
            discard(process);
            checkOpen();
        }
        if (parent != null) {
            // adopted first, checked after: a parent whose ending collects its children either
            // finds this one or is seen here as no longer running
            parent.adopt(process);
            if (parent.state() != ProcessState.RUNNING) {
                parent.disown(process);
                discard(process);
                throw new ProcessNotRunningException(parent.pid(), parent.state());
            }
        }
        if (spec.hasCommand()) {
            start(process);
        }
        spawned.increment();
        LOG.debug("spawned pid {} '{}'", process.pid(), spec.name());
        if (!spec.hasCommand()) {
            processListeners.spawned(process.snapshot());
        }
        return process.snapshot();
    }

    /** @throws ProcessNotRunningException if {@code pid} is not running: a tree that is ending takes no new members */
    private ManagedProcess runningParent(Pid pid) {
        ManagedProcess parent = live.get(pid);
        ProcessState state = parent == null ? state(pid) : parent.state();
        if (parent == null || state != ProcessState.RUNNING) {
            if (state == null) {
                throw new NoSuchProcessException(pid);
            }
            throw new ProcessNotRunningException(pid, state);
        }
        return parent;
    }

    private long nextPid() throws IOException {
        try {
            return pids.next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void start(ManagedProcess process) throws IOException {
        OsChild child;
        try {
            child = launcher.start(process.pid(), process.spec());
        } catch (IOException e) {
            discard(process);
            throw e;
        } catch (RuntimeException e) {
            discard(process);
            throw new IOException("cannot start '" + process.spec().name() + "': " + e.getMessage(), e);
        } catch (Error e) {
            discard(process); // e.g. a native call that cannot be linked: no pid stays RUNNING without its child
            throw e;
        }
        process.attach(child);
        journal(process, child);
        try {
            osProcessCleanup.track(process.pid(), child);
        } catch (IllegalStateException e) {
            // terminated or shut down while starting: the ledger has already killed the tree
            LOG.debug("pid {} stopped while its OS child {} was starting: {}", process.pid(), child.pid(), e.getMessage());
            forget(process);
            return;
        }
        // listeners hear of the spawn before the exit watch starts, so never of the end first
        processListeners.spawned(process.snapshot());
        child.onExit(() -> exited(process));
    }

    /** Records the OS child in the journal, so that a JVM that dies does not leave it running unnoticed. */
    private void journal(ManagedProcess process, OsChild child) {
        try {
            process.journalEntry(OsChildRecord.record(journal, process.pid(), process.spec(), child.pid(),
                    launcher.ownGroup(), child.cgroup(), process.snapshot().started().toEpochMilli()));
        } catch (RuntimeException | Error e) {
            // the child runs either way; only a crash of this JVM would now leave it unnoticed
            LOG.warn("pid {}: OS child {} not recorded in the journal: {}", process.pid(), child.pid(), e.toString());
        }
    }

    /** Removes the OS child's record once its tree is gone. */
    private void forget(ManagedProcess process) {
        JournalEntry entry = process.journalEntry();
        if (entry != null) {
            process.journalEntry(null);
            journal.remove(entry);
        }
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
        terminating.increment();
        try {
            if (process.beginTermination()) {
                return end(process, grace, null).cleanup();
            }
            return awaitEnd(process).cleanup();
        } finally {
            terminating.decrement();
        }
    }

    @Override
    public CleanupResult terminateTree(Pid pid, Duration grace) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative, got " + grace);
        }
        ManagedProcess root = live.get(pid);
        if (root == null) {
            return terminate(pid, grace);
        }
        terminating.increment();
        try {
            // Top down, every gate closes before anything ends: a member spawning a child now is refused.
            List<ManagedProcess> tree = new ArrayList<>();
            List<ManagedProcess> ours = new ArrayList<>();
            collect(root, tree, ours);
            long begin = System.nanoTime();
            List<HandlerOutcome> outcomes = new ArrayList<>();
            for (int i = tree.size() - 1; i >= 0; i--) { // leaves first
                ManagedProcess member = tree.get(i);
                ProcessInfo info = ours.contains(member) ? end(member, grace, null) : awaitEnd(member);
                outcomes.addAll(info.cleanup().outcomes());
            }
            return CleanupResult.of(pid, outcomes, Duration.ofNanos(System.nanoTime() - begin));
        } finally {
            terminating.decrement();
        }
    }

    /** Closes the gate of {@code process} and its descendants, parents before children, and lists them in that order. */
    private void collect(ManagedProcess process, List<ManagedProcess> tree, List<ManagedProcess> ours) {
        if (process.beginTermination()) {
            ours.add(process);
        }
        tree.add(process);
        for (ManagedProcess child : process.children()) {
            collect(child, tree, ours);
        }
    }

    /**
     * A process ending ends its children first (leaves first, each through its own cleanup),
     * except those spawned detached. Its gate is closed already, so no child joins meanwhile.
     */
    private List<HandlerOutcome> endChildren(ManagedProcess process, Duration grace) {
        List<HandlerOutcome> failures = new ArrayList<>(0);
        for (ManagedProcess child : process.children()) {
            if (child.spec().detached()) {
                continue;
            }
            try {
                if (child.beginTermination()) {
                    end(child, grace, null);
                } else if (!child.isEndingOnThisThread()) {
                    awaitEnd(child);
                }
            } catch (Throwable e) {
                LOG.error("ending child pid {} of pid {} failed", child.pid(), process.pid(), e);
                failures.add(new HandlerOutcome("process", 0, -1, CleanupStats.NONE, Duration.ZERO,
                        "ending child pid " + child.pid() + " failed: " + e));
            }
        }
        return failures;
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

    /**
     * Called on the thread that saw the OS child exit: the gate closes at once, and the cleanup
     * waits its turn on the reaper's threads, so that many children exiting together are each
     * closed to acquisitions at once.
     */
    private void exited(ManagedProcess process) {
        if (process.beginTermination()) {
            reaper.execute(() -> reap(process));
        }
    }

    private void reap(ManagedProcess process) {
        process.endOnThisThread();
        ProcessInfo info = end(process, Duration.ZERO, Ending.EXITED);
        LOG.debug("pid {} '{}' exited with status {}; released: {}", process.pid(), process.spec().name(),
                info.exitCode(), info.cleanup().total());
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
        List<HandlerOutcome> failures = new ArrayList<>(0);
        failures.addAll(endChildren(process, requested == null ? grace : settings.shutdownGrace()));
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
            failures.addAll(listeners.terminating(pid, applied));
            if (child != null) {
                ending = stop(process, child, tree, remaining(deadline), requested, termSent);
            }
        } catch (Throwable e) {
            // whatever failed before the cleanup, the cleanup runs in full: the os-process handler
            // kills the tree that was not stopped here, and every other handler releases its part
            LOG.error("stopping pid {} failed; its cleanup runs anyway", pid, e);
            if (child != null && requested == null) {
                ending = Ending.FORCED; // the os-process handler kills what was not stopped
            }
            failures.add(new HandlerOutcome("process", 0, -1, CleanupStats.NONE, Duration.ZERO,
                    "ending the process failed: " + e));
        }
        CleanupResult result = cleanup(pid, process.spec().heir());
        Integer exitCode = null;
        if (child != null) {
            try {
                exitCode = child.exitCode(settings.killTimeout());
            } catch (Throwable e) {
                LOG.warn("the exit status of pid {} could not be read", pid, e);
            }
        }
        if (!failures.isEmpty()) {
            failures.addAll(result.outcomes());
            result = CleanupResult.of(pid, failures, result.duration());
        }
        forget(process);
        ProcessInfo info = process.terminated(ending, exitCode, result);
        ended.get(ending).increment();
        // history first, so that info(pid) finds the process at every moment
        history.add(info);
        process.complete(info);
        live.remove(pid, process);
        Pid parentPid = process.spec().parent();
        ManagedProcess parent = parentPid == null ? null : live.get(parentPid);
        if (parent != null) {
            parent.disown(process);
        }
        LOG.debug("pid {} {}: {}", pid, ending, result.total());
        processListeners.ended(info);
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
        if (awaitGoneUnlessClosing(process, tree, remaining).isEmpty() && child.alive().isEmpty()) {
            return Ending.TERMINATED;
        }
        // the os-process handler confirms the kill and waits for it, within its own bound
        OsProcesses.signal(child.snapshot(), true);
        return closed || process.hurried() ? Ending.SHUTDOWN : Ending.FORCED;
    }

    /**
     * Waits for the tree in short slices, so that {@link #close()} or {@link #endAll()} cuts a long
     * grace short: when the platform stops, a {@code terminate} with a grace of an hour must not
     * keep the JVM (and every other process's cleanup) waiting, nor leave the managers to release
     * what the process holds ahead of its ranked cleanup.
     */
    private List<ProcessHandle> awaitGoneUnlessClosing(ManagedProcess process, List<ProcessHandle> tree,
            Duration remaining) {
        long deadline = System.nanoTime() + OsProcesses.nanos(remaining);
        while (true) {
            long left = deadline - System.nanoTime();
            long slice = Math.min(Math.max(left, 0), TimeUnit.MILLISECONDS.toNanos(CLOSING_POLL_MILLIS));
            List<ProcessHandle> alive = OsProcesses.awaitGone(tree, Duration.ofNanos(slice));
            if (alive.isEmpty() || left <= slice || closed || process.hurried()) {
                return alive;
            }
        }
    }

    /** An "endless" grace such as {@code Duration.ofSeconds(Long.MAX_VALUE)} must not overflow the deadline. */
    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : duration.toNanos();
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private CleanupResult cleanup(Pid pid, Pid heir) {
        CleanupResult result;
        try {
            result = heir == null ? orchestrator.cleanupProcess(pid) : orchestrator.cleanupProcess(pid, heir);
        } catch (Throwable e) { // the orchestrator may be another bundle's: the OS tree still goes below
            LOG.error("the orchestrator failed to clean up pid {}", pid, e);
            result = CleanupResult.of(pid, List.of(new HandlerOutcome("orchestrator", 0, -1, CleanupStats.NONE,
                    Duration.ZERO, "cleanup failed: " + e)), Duration.ZERO);
        }
        if (osProcessCleanup.cleanupHandler().hasResources(pid)) {
            // the orchestrator does not know the handler (yet): no OS tree may outlive its process
            long start = System.nanoTime();
            CleanupStats stats;
            try {
                stats = osProcessCleanup.cleanup(pid);
            } catch (Throwable e) {
                LOG.error("ending the OS tree of pid {} failed", pid, e);
                stats = CleanupStats.failed(ProcessManagers.OS_PROCESS_TYPE + ": " + e);
            }
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
     * Ends every live process (SHUTDOWN) and refuses later spawns, so no OS child outlives the
     * manager: SIGTERM to every OS tree at once, one shared shutdown grace, then each process's
     * ranked cleanup, which kills what is left. Terminations in progress have their grace cut short.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int ended = endAll();
        reaper.close();
        launcher.close();
        retired.forEach(OsLauncher::close);
        for (Runnable action : closeActions) {
            try {
                action.run();
            } catch (Throwable e) {
                LOG.warn("closing the process manager: {} failed", action, e);
            }
        }
        osProcessCleanup.shutdown();
        LOG.info("process manager closed; {} live process(es) shut down", ended);
    }

    /**
     * Ends every live process now (SHUTDOWN) through the full cleanup, after SIGTERM and up to the
     * shutdown grace for all of their OS trees together, and waits for those another thread is
     * ending; the manager stays open. Called before a part of the platform goes away, while every
     * cleanup handler is still there.
     *
     * @return how many processes this call ended
     */
    public int endAll() {
        List<ManagedProcess> mine = new ArrayList<>();
        List<ManagedProcess> others = new ArrayList<>();
        for (ManagedProcess process : live.values()) {
            if (process.beginTermination()) {
                mine.add(process);
            } else if (!process.isEndingOnThisThread()) {
                // a terminate waiting out its grace ends now, through its own full cleanup, and
                // reports it; waiting for the grace would leave the managers to release first
                process.hurry();
                others.add(process);
            }
        }
        graceAtShutdown(mine);
        // children before their parents (a child's pid is always the higher): a parent's ending
        // then finds its children ended, and never waits for one that this thread holds
        mine.sort(Comparator.comparing(ManagedProcess::pid).reversed());
        for (ManagedProcess process : mine) {
            end(process, Duration.ZERO, Ending.SHUTDOWN);
        }
        for (ManagedProcess process : others) {
            awaitBounded(process);
        }
        if (!others.isEmpty()) {
            awaitTerminateCallers();
        }
        return mine.size();
    }

    /** SIGTERM to the OS tree of every process in {@code ending}, then up to the shutdown grace for all of them. */
    private void graceAtShutdown(List<ManagedProcess> ending) {
        Duration grace = settings.shutdownGrace();
        if (grace.isZero()) {
            return;
        }
        List<ProcessHandle> trees = new ArrayList<>();
        for (ManagedProcess process : ending) {
            OsChild child = process.child();
            if (child != null && child.isAlive()) {
                List<ProcessHandle> tree = child.snapshot();
                OsProcesses.signal(tree, false);
                trees.addAll(tree);
            }
        }
        if (!trees.isEmpty()) {
            OsProcesses.awaitGone(trees, grace);
        }
    }

    /**
     * Lets the callers of {@code terminate} whose processes just ended return, within a second: a
     * shell command waiting in {@code reclaim:kill} then prints its result before the framework
     * goes on to stop the shell under it. Called when a termination was cut short: its caller,
     * returned or not, still has to print, so a short moment more is left for that, since Gogo
     * reports a command it has to interrupt with an {@code InterruptedException} of its own.
     */
    private void awaitTerminateCallers() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (terminating.sum() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(CALLERS_PRINT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
