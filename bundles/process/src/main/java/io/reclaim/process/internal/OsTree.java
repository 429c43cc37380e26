package io.reclaim.process.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** How the members of one OS child's tree are found and ended; one kind per containment. */
interface OsTree {

    /** Hands every member alive now to {@code sink}, the child itself included while it runs. */
    void collect(Consumer<ProcessHandle> sink);

    /**
     * SIGKILLs the whole tree and waits until it is gone.
     *
     * @param snapshot every member ever seen, taken again on each round
     * @return the members still alive after {@code timeout}
     */
    default List<ProcessHandle> kill(Supplier<List<ProcessHandle>> snapshot, Duration timeout) {
        return OsProcesses.killTree(snapshot, timeout);
    }

    /** Called once the tree is gone (or given up on): removes what held it together. */
    default void close() {
    }

    /** @return the cgroup that holds the tree, or {@code null} */
    default Cgroup cgroup() {
        return null;
    }
}
