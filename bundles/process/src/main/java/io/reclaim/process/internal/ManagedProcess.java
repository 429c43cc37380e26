package io.reclaim.process.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.journal.JournalEntry;

/**
 * One entry of the process table. Its state only moves forward, by compare-and-set, so exactly
 * one caller wins the right to end it; everyone else waits for {@link #ended()}.
 */
final class ManagedProcess {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ManagedProcess.class, "state", ProcessState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pid pid;
    private final ProcessSpec spec;
    private final Instant started;
    private final CompletableFuture<ProcessInfo> ended = new CompletableFuture<>();
    @SuppressWarnings("unused") // written through STATE
    private volatile ProcessState state = ProcessState.RUNNING;
    private volatile OsChild child;
    private volatile Thread endingThread;
    private volatile boolean hurried;
    private volatile JournalEntry journalEntry;
    /** Processes spawned with this one as parent, made on the first; most processes have none. */
    private volatile Set<ManagedProcess> children;

    /** Per resource type, the limit the spec sets; usually none. */
    private final Map<String, ResourceLimit> limits;

    ManagedProcess(Pid pid, ProcessSpec spec, Instant started) {
        this(pid, spec, started, ResourceLimit.of(spec));
    }

    ManagedProcess(Pid pid, ProcessSpec spec, Instant started, Map<String, ResourceLimit> limits) {
        this.pid = pid;
        this.spec = spec;
        this.started = started;
        this.limits = limits;
    }

    /** @return the limit the spec sets for {@code type}, or null */
    ResourceLimit limit(String type) {
        return limits.isEmpty() ? null : limits.get(type);
    }

    Pid pid() {
        return pid;
    }

    ProcessSpec spec() {
        return spec;
    }

    ProcessState state() {
        return state;
    }

    /** Adds a child; the caller then checks that this process still runs, or takes it back. */
    void adopt(ManagedProcess child) {
        Set<ManagedProcess> all = children;
        if (all == null) {
            synchronized (this) {
                all = children;
                if (all == null) {
                    all = ConcurrentHashMap.newKeySet();
                    children = all;
                }
            }
        }
        all.add(child);
    }

    void disown(ManagedProcess child) {
        Set<ManagedProcess> all = children;
        if (all != null) {
            all.remove(child);
        }
    }

    /** @return the children not yet TERMINATED, in pid order */
    List<ManagedProcess> children() {
        Set<ManagedProcess> all = children;
        if (all == null || all.isEmpty()) {
            return List.of();
        }
        List<ManagedProcess> snapshot = new ArrayList<>(all);
        snapshot.sort(Comparator.comparing(ManagedProcess::pid));
        return snapshot;
    }

    /** @return the OS child, or {@code null} for a logical process (or one whose child is not started yet) */
    OsChild child() {
        return child;
    }

    void attach(OsChild child) {
        this.child = child;
    }

    /** @return the journal record of the OS child, or {@code null} if there is none (any more) */
    JournalEntry journalEntry() {
        return journalEntry;
    }

    void journalEntry(JournalEntry entry) {
        this.journalEntry = entry;
    }

    /** Closes the gate. @return whether this caller moved the process to TERMINATING and so must end it */
    boolean beginTermination() {
        if (STATE.compareAndSet(this, ProcessState.RUNNING, ProcessState.TERMINATING)) {
            endingThread = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Asks the termination in progress to end the grace now: the platform is shutting down. */
    void hurry() {
        hurried = true;
    }

    /** @return whether the grace of this process's termination was cut short by a shutdown */
    boolean hurried() {
        return hurried;
    }

    /** Hands the ending over to the current thread, after another thread closed the gate. */
    void endOnThisThread() {
        endingThread = Thread.currentThread();
    }

    /** @return whether the current thread is the one ending this process (a listener or handler calling back) */
    boolean isEndingOnThisThread() {
        return endingThread == Thread.currentThread();
    }

    /**
     * For a process whose OS child could not start: it never existed, so waiters learn that.
     *
     * @return whether it was still RUNNING; if not, a termination owns it
     */
    boolean abandon() {
        if (!STATE.compareAndSet(this, ProcessState.RUNNING, ProcessState.TERMINATED)) {
            return false;
        }
        ended.completeExceptionally(new NoSuchProcessException(pid));
        return true;
    }

    /** Completes with the final snapshot once the process is TERMINATED. */
    CompletableFuture<ProcessInfo> ended() {
        return ended;
    }

    /** @return the final record of the process; only the caller that won {@link #beginTermination()} builds it */
    ProcessInfo terminated(Ending ending, Integer exitCode, CleanupResult cleanup) {
        return new ProcessInfo(pid, spec, ProcessState.TERMINATED, osPid(), started, Instant.now(), ending,
                exitCode, cleanup);
    }

    /** Moves to TERMINATED and hands {@code info} to everyone waiting. */
    void complete(ProcessInfo info) {
        state = ProcessState.TERMINATED;
        endingThread = null;
        ended.complete(info);
    }

    /** @return what the process looks like now, while it is live */
    ProcessInfo snapshot() {
        OsChild os = child;
        Integer exitCode = os == null || os.isAlive() ? null : os.exitCode(Duration.ZERO);
        return new ProcessInfo(pid, spec, state, osPid(), started, null, null, exitCode, null);
    }

    private long osPid() {
        OsChild os = child;
        return os == null ? 0 : os.pid();
    }
}
