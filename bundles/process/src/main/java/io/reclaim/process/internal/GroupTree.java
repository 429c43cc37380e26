package io.reclaim.process.internal;

import java.util.function.Consumer;

/**
 * The tree without containment: the child's descendants and, when it leads its own session, the
 * members of its process group, found by scanning every process of the host. A descendant that
 * leaves the group after its parent died is not found.
 */
final class GroupTree implements OsTree {

    private final ProcessHandle root;
    private final long groupId;

    GroupTree(ProcessHandle root, boolean ownGroup) {
        this.root = root;
        this.groupId = ownGroup ? root.pid() : 0;
    }

    @Override
    public void collect(Consumer<ProcessHandle> sink) {
        sink.accept(root);
        root.descendants().forEach(sink);
        if (groupId > 0) {
            OsProcesses.groupMembers(groupId).forEach(sink);
        }
    }
}
