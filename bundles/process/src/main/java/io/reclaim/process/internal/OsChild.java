package io.reclaim.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OS side of one managed process: the child the manager started, how its tree is found and
 * ended ({@link OsTree}: its cgroup, the subreaper's view, or descendants and process group), and
 * every member ever seen, since a member whose parent died may no longer be linked to the tree.
 */
public final class OsChild {

    private final long pid;
    private final ProcessHandle handle;
    private final CompletableFuture<Integer> exit;
    private final OsTree tree;
    private final Containment.Mode containment;
    private final Map<Long, ProcessHandle> members = new ConcurrentHashMap<>(4);
    private volatile long ended;

    /**
     * @param handle the child, taken before it can have been reaped (so it names this process only)
     * @param exit completes with the exit status once the child has exited and been reaped
     */
    OsChild(ProcessHandle handle, CompletableFuture<Integer> exit, OsTree tree, Containment.Mode containment) {
        this.pid = handle.pid();
        this.handle = handle;
        this.exit = exit;
        this.tree = tree;
        this.containment = containment;
        members.put(pid, handle);
    }

    public long pid() {
        return pid;
    }

    boolean isAlive() {
        return !exit.isDone();
    }

    /** Runs {@code action} once the child has exited, on the thread that saw it; at once if it has. */
    void onExit(Runnable action) {
        exit.thenRun(action);
    }

    /** @return the containment the child runs under */
    public Containment.Mode containment() {
        return containment;
    }

    /** @return the file system path of the child's cgroup, or {@code null} without cgroup containment */
    public String cgroup() {
        Cgroup cgroup = tree.cgroup();
        return cgroup == null ? null : cgroup.path().toString();
    }

    /** @return the session the child leads (its own pid when started in a session of its own) */
    public long session() {
        return ProcStat.read(pid).map(ProcStat::session).orElse(pid);
    }

    /** @return {@code memory.current} of the child's cgroup in bytes, -1 if unknown */
    public long memoryBytes() {
        Cgroup cgroup = tree.cgroup();
        return cgroup == null ? -1 : cgroup.memoryCurrent();
    }

    /** @return {@code pids.current} of the child's cgroup, -1 if unknown */
    public long pidsCurrent() {
        Cgroup cgroup = tree.cgroup();
        return cgroup == null ? -1 : cgroup.pidsCurrent();
    }

    /** @return the CPU time of the whole tree in microseconds (the cgroup's {@code usage_usec}), -1 if unknown */
    public long cpuMicros() {
        Cgroup cgroup = tree.cgroup();
        return cgroup == null ? -1 : cgroup.cpuMicros();
    }

    /**
     * Takes the tree as it is now, added to every member seen before. Take it before signalling,
     * while the parent still links them.
     *
     * @return every member ever seen, gone or not
     */
    List<ProcessHandle> snapshot() {
        tree.collect(this::remember);
        return List.copyOf(members.values());
    }

    /** @return how many members of the tree were ever seen */
    int memberCount() {
        return members.size();
    }

    /** @return the members of the tree that are alive now */
    List<ProcessHandle> alive() {
        return OsProcesses.alive(snapshot());
    }

    /**
     * Kills the whole tree, waits for it to be gone and for the child to be reaped, and takes
     * down what held the tree (its cgroup).
     *
     * @return the members still alive after {@code timeout}
     */
    List<ProcessHandle> release(Duration timeout) {
        long deadline = System.nanoTime() + OsProcesses.nanos(timeout);
        // the child itself first: in a cgroup it may not have entered yet
        if (isAlive()) {
            handle.destroyForcibly();
        }
        List<ProcessHandle> survivors = new ArrayList<>(tree.kill(this::snapshot, timeout));
        exitCode(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (isAlive() && !survivors.contains(handle)) {
            survivors.add(handle);
        }
        if (survivors.isEmpty()) {
            tree.close();
        }
        ended = memberCount() - survivors.size();
        return survivors;
    }

    /** @return the exit status of the child, waiting up to {@code bound} for it; {@code null} if it is still running */
    Integer exitCode(Duration bound) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return exit.get(OsProcesses.nanos(bound), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // a cleanup cut short would leave a zombie behind: wait on, restore it afterwards
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return how many processes of the tree its release ended or confirmed gone */
    long ended() {
        return ended;
    }

    private void remember(ProcessHandle member) {
        members.putIfAbsent(member.pid(), member);
    }

    @Override
    public String toString() {
        return "OS process " + pid;
    }
}
