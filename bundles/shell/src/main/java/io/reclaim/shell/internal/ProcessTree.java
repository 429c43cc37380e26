package io.reclaim.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;

/** The live processes as a tree: each child after its parent, indented by its depth; orphans of an ended parent are roots. */
final class ProcessTree {

    record Node(ProcessInfo process, int depth) {
        String indent() {
            return depth == 0 ? "" : "  ".repeat(depth - 1) + "└ ";
        }
    }

    private ProcessTree() {
    }

    /** @param live in pid order, as the process manager lists them */
    static List<Node> of(List<ProcessInfo> live) {
        Set<Pid> present = new HashSet<>();
        live.forEach(info -> present.add(info.pid()));
        Map<Pid, List<ProcessInfo>> children = new HashMap<>();
        List<ProcessInfo> roots = new ArrayList<>();
        for (ProcessInfo info : live) {
            Pid parent = info.spec().parent();
            if (parent != null && present.contains(parent)) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(info);
            } else {
                roots.add(info);
            }
        }
        List<Node> nodes = new ArrayList<>(live.size());
        for (ProcessInfo root : roots) {
            add(root, 0, children, nodes);
        }
        return nodes;
    }

    /** @return {@code root} and its descendants among {@code live}, parents before children */
    static List<Pid> members(List<ProcessInfo> live, Pid root) {
        List<Pid> members = new ArrayList<>();
        int depth = -1;
        for (Node node : of(live)) {
            if (depth >= 0 && node.depth() <= depth) {
                break; // past the root's subtree
            }
            if (depth >= 0 || node.process().pid().equals(root)) {
                depth = depth >= 0 ? depth : node.depth();
                members.add(node.process().pid());
            }
        }
        return members.isEmpty() ? List.of(root) : members;
    }

    private static void add(ProcessInfo info, int depth, Map<Pid, List<ProcessInfo>> children, List<Node> nodes) {
        nodes.add(new Node(info, depth));
        for (ProcessInfo child : children.getOrDefault(info.pid(), List.of())) {
            add(child, depth + 1, children, nodes);
        }
    }
}
