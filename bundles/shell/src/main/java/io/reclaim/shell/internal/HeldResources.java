package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.reclaim.api.AcquisitionSite;
import io.reclaim.api.HeldResource;

/** One row per resource: what it is, whose, how long held, and where it was acquired where its type tracks that. */
final class HeldResources {

    static final String UNTRACKED = "(not tracked: reclaim.tracking is off for the type)";

    private HeldResources() {
    }

    static void print(Map<String, List<HeldResource>> byType, PrintStream out, boolean plain) {
        Table table = Table.of("TYPE", "PID", "RESOURCE", "HELD", "ACQUIRED AT").alignRight(1);
        byType.values().forEach(held -> held.forEach(resource -> table.row(resource.type(), resource.owner(),
                Names.display(resource.description()), resource.heldFor().map(Human::age).orElse(null),
                resource.site().map(HeldResources::site).orElse(UNTRACKED))));
        table.print(out, "no resources", plain);
    }

    /**
     * The caller's frame and the thread, e.g. {@code Job.run(Job.java:42) on main}: the class
     * without its package, and a long method name cut in its middle, so the file and line (what
     * leads to the code) survive the table's bound on a cell.
     */
    static String site(AcquisitionSite site) {
        if (site.frames().isEmpty()) {
            return "unknown on " + Names.display(site.thread());
        }
        StackTraceElement frame = site.frames().get(0);
        String type = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
        String method = frame.getMethodName();
        if (method.length() > MAX_METHOD) {
            method = method.substring(0, MAX_METHOD / 2) + "…" + method.substring(method.length() - MAX_METHOD / 2);
        }
        String where = frame.getFileName() == null ? "unknown source" : frame.getFileName() + ":" + frame.getLineNumber();
        return Names.display(type + "." + method + "(" + where + ")") + " on " + Names.display(site.thread());
    }

    private static final int MAX_METHOD = 30;
}
