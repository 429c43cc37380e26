package io.reclaim.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tree is the child's cgroup: whoever is in it, however far it forked or whichever session it started. */
final class CgroupTree implements OsTree {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupTree.class);

    private final Cgroup cgroup;

    CgroupTree(Cgroup cgroup) {
        this.cgroup = cgroup;
    }

    @Override
    public void collect(Consumer<ProcessHandle> sink) {
        for (long member : cgroup.members()) {
            ProcessHandle.of(member).ifPresent(sink);
        }
    }

    @Override
    public List<ProcessHandle> kill(Supplier<List<ProcessHandle>> snapshot, Duration timeout) {
        // the snapshot only counts the members; the kill itself needs no list
        snapshot.get();
        List<Long> survivors = cgroup.kill(timeout);
        List<ProcessHandle> alive = new ArrayList<>(survivors.size());
        for (long pid : survivors) {
            ProcessHandle.of(pid).ifPresent(alive::add);
        }
        return alive;
    }

    @Override
    public void close() {
        try {
            cgroup.remove();
        } catch (IOException e) {
            LOG.warn("cannot remove cgroup {}: {}", cgroup, e.getMessage());
        }
    }

    @Override
    public Cgroup cgroup() {
        return cgroup;
    }
}
