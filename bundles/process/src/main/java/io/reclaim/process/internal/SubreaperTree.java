package io.reclaim.process.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The tree of one OS child when the JVM is the child subreaper: the child's descendants, found
 * through the children files of the processes themselves, and the orphans the JVM inherited from
 * it (with their own descendants). No walk of the host's process table.
 */
final class SubreaperTree implements OsTree {

    private final Subreaper subreaper;
    private final String mark;
    private final ProcessHandle root;
    private final Map<Long, ProcessHandle> orphans = new ConcurrentHashMap<>(2);
    private final Map<Long, Boolean> seen = new ConcurrentHashMap<>(4);

    SubreaperTree(Subreaper subreaper, String mark, ProcessHandle root) {
        this.subreaper = subreaper;
        this.mark = mark;
        this.root = root;
    }

    String mark() {
        return mark;
    }

    ProcessHandle root() {
        return root;
    }

    void adopt(ProcessHandle orphan) {
        orphans.put(orphan.pid(), orphan);
        seen.put(orphan.pid(), Boolean.TRUE);
    }

    boolean hasSeen(long pid) {
        return seen.containsKey(pid);
    }

    @Override
    public void collect(Consumer<ProcessHandle> sink) {
        subreaper.scan();
        List<Long> pids = new ArrayList<>();
        if (root.isAlive()) {
            sink.accept(root);
            Subreaper.descendants(root.pid(), pids);
        }
        for (ProcessHandle orphan : orphans.values()) {
            if (orphan.isAlive()) {
                sink.accept(orphan);
                Subreaper.descendants(orphan.pid(), pids);
            }
        }
        for (long pid : pids) {
            seen.put(pid, Boolean.TRUE);
            ProcessHandle.of(pid).ifPresent(sink);
        }
    }

    @Override
    public void close() {
        // one last look, so that a zombie orphan of this tree is reaped before it is forgotten
        subreaper.scan();
        subreaper.forget(this);
    }

    @Override
    public String toString() {
        return "tree " + mark;
    }
}
