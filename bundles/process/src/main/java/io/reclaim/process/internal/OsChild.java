package io.reclaim.process.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OS side of one managed process: the child the manager started and every descendant ever
 * seen. Members are remembered because a child that dies hands its children to init, after which
 * {@link ProcessHandle#descendants()} no longer finds them; a child started through
 * {@code setsid} leads its own process group, whose members are found again by scanning
 * {@code /proc}.
 */
final class OsChild {

    private final Process process;
    private final long groupId;
    private final Map<Long, ProcessHandle> members = new ConcurrentHashMap<>(4);
    private volatile long ended;

    /**
     * @param process the started child
     * @param ownGroup whether the child leads its own session and process group
     */
    OsChild(Process process, boolean ownGroup) {
        this.process = process;
        this.groupId = ownGroup ? process.pid() : 0;
        members.put(process.pid(), process.toHandle());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Takes the tree as it is now: the child, its descendants and its process group, added to
     * every member seen before. Take it before signalling, while the parent still links them.
     *
     * @return every member ever seen, gone or not
     */
    List<ProcessHandle> snapshot() {
        process.toHandle().descendants().forEach(this::remember);
        if (groupId > 0) {
            OsProcesses.groupMembers(groupId).forEach(this::remember);
        }
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

    /** @return the exit status of the child, waiting up to {@code bound} for it; {@code null} if it is still running */
    Integer exitCode(Duration bound) {
        try {
            if (process.waitFor(OsProcesses.nanos(bound), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? null : process.exitValue();
    }

    /** @return how many processes of the tree its release ended or confirmed gone */
    long ended() {
        return ended;
    }

    void ended(long count) {
        ended = count;
    }

    private void remember(ProcessHandle member) {
        members.putIfAbsent(member.pid(), member);
    }

    @Override
    public String toString() {
        return "OS process " + process.pid();
    }
}
