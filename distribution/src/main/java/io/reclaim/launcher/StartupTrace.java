package io.reclaim.launcher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Where a start goes, with {@code -Dreclaim.startup.trace=true}: on stderr, the milliseconds since the
 * JVM started at each phase of the launcher and at each bundle's start and stop, with how long that
 * took. Off by default: the launcher then only compares one flag at each phase.
 */
final class StartupTrace implements SynchronousBundleListener {

    static final boolean ENABLED = Boolean.getBoolean("reclaim.startup.trace");
    private static final StartupTrace TRACE = new StartupTrace(System.err);

    private final PrintStream out;
    private final long jvmStart;
    private volatile long starting;

    private StartupTrace(PrintStream out) {
        this.out = out;
        this.jvmStart = ENABLED ? ManagementFactory.getRuntimeMXBean().getStartTime() : 0;
    }

    /** Marks a phase of the launcher. */
    static void phase(String name) {
        if (ENABLED) {
            TRACE.print(name, -1);
        }
    }

    /** Traces every bundle's start and stop from now on. */
    static void bundles(BundleContext context) {
        if (ENABLED) {
            context.addBundleListener(TRACE);
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.STARTING, BundleEvent.STOPPING -> starting = System.nanoTime();
            case BundleEvent.STARTED -> print("started " + bundle.getSymbolicName(), System.nanoTime() - starting);
            case BundleEvent.STOPPED -> print("stopped " + bundle.getSymbolicName(), System.nanoTime() - starting);
            default -> {
                // installed, resolved, updated ...: not where the time goes
            }
        }
    }

    private void print(String what, long nanos) {
        long at = System.currentTimeMillis() - jvmStart;
        out.println(nanos < 0 ? String.format("reclaim: %5d ms  %s", at, what)
                : String.format("reclaim: %5d ms  %s (%.1f ms)", at, what, nanos / 1e6));
    }
}
