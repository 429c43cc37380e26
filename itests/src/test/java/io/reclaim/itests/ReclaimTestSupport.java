package io.reclaim.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.readings.OsReading;
import io.reclaim.testing.Descriptors;
import io.reclaim.testing.paxexam.ReclaimOptions;

/**
 * What every integration test needs: the platform bundles, the Reclaim bundles this reactor built,
 * service lookups with a bounded wait, and readings of the JVM's OS-level state.
 */
public abstract class ReclaimTestSupport {

    /** The Reclaim bundles of the platform, in start order; tests add their own on top. */
    protected static final String[] PLATFORM = {
        "reclaim-api", "reclaim-orchestrator", "reclaim-process", "reclaim-resource-files", "reclaim-resource-sockets"
    };

    /** Every resource bundle of the platform that {@link #PLATFORM} leaves out, as {@link ReclaimOptions} names them. */
    protected static final String[] RESOURCES = ReclaimOptions.resourceBundles().stream()
            .filter(name -> !List.of(PLATFORM).contains(name)).toArray(String[]::new);

    /** Every handler of {@link #everything()}, in the documented cleanup order (DESIGN rule 3). */
    protected static final List<String> DOCUMENTED_ORDER = List.of("os-process", "scheduler", "timers", "tasks", "signals",
            "ipc", "sockets", "iouring", "zerocopy", "files", "mmap", "memory");

    protected static final long WAIT_MS = 20_000;

    @Inject
    protected BundleContext context;

    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @After
    public void closeTrackers() {
        for (ServiceTracker<?, ?> tracker : trackers) {
            try {
                tracker.close();
            } catch (IllegalStateException contextGone) {
                // the test stopped or refreshed the framework, and its services went with it
            }
        }
        trackers.clear();
    }

    /**
     * The framework's runtime (SCR, Configuration Admin, Metatype, logging and the testing kit,
     * as {@link ReclaimOptions#runtime()} provisions them) and the given Reclaim bundles, by Maven
     * coordinates: the build points pax-url at a repository-layout copy of this reactor's bundles.
     */
    protected static Option[] platform(String... reclaimBundles) {
        List<Option> options = new ArrayList<>(List.of(
                cleanCaches(),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                junitBundles(),
                ReclaimOptions.runtime()));
        for (String name : reclaimBundles) {
            options.add(reclaimBundle(name));
        }
        return options(options.toArray(Option[]::new));
    }

    /** The platform with every resource bundle, as {@link ReclaimOptions#reclaim()} provisions it. */
    protected static Option[] everything() {
        return options(cleanCaches(), systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                junitBundles(), ReclaimOptions.reclaim());
    }

    /** A bundle of this reactor, by artifact id. */
    protected static Option reclaimBundle(String artifactId) {
        return ReclaimOptions.bundle(artifactId);
    }

    /** The jar of a bundle of this reactor, for a test that installs it into a running framework. */
    protected static File reclaimBundleFile(String artifactId) {
        return new File(System.getProperty("reclaim.bundles", "target/bundles"), artifactId + ".jar");
    }

    protected <T> T service(Class<T> type) {
        return service(type, null);
    }

    /** Waits up to {@link #WAIT_MS} for a service matching {@code filter} (may be null). */
    protected <T> T service(Class<T> type, String filter) {
        try {
            String objectClass = "(objectClass=" + type.getName() + ")";
            Filter f = FrameworkUtil.createFilter(filter == null ? objectClass : "(&" + objectClass + filter + ")");
            // kept open until the test ends: closing it would unget service factories such as ConfigurationAdmin
            ServiceTracker<T, T> tracker = new ServiceTracker<>(context, f, null);
            tracker.open();
            trackers.add(tracker);
            T service = tracker.waitForService(WAIT_MS);
            if (service == null) {
                throw new AssertionError("no " + type.getSimpleName() + " service " + (filter == null ? "" : filter)
                        + " within " + WAIT_MS + " ms");
            }
            return service;
        } catch (InvalidSyntaxException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The cleanup handler of a resource type: the ResourceCleanup service, not the owners' one. */
    protected ResourceCleanup handler(String type) {
        return service(ResourceCleanup.class, "(" + ResourceCleanup.RESOURCE_TYPE + "=" + type + ")");
    }

    /** Spawns a logical process. */
    protected Pid spawn(String name) throws IOException {
        return service(ProcessManager.class).spawn(ProcessSpec.named(name)).pid();
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** Polls {@code condition} until it holds, at most {@link #WAIT_MS}. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Open file descriptors of this JVM that a resource can hold, less those the JVM itself opens
     * and closes at any moment (see {@link Descriptors#resources()}).
     */
    protected static long openFds() {
        return Descriptors.resources();
    }

    /** Lines of /proc/self/maps: one per mapping of this JVM. */
    protected static List<String> mappings() {
        try {
            return Files.readAllLines(Paths.get("/proc/self/maps"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The mappings a resource can make: those backed by a file (mapped regions, shared-memory
     * rings, also when deleted) or by an io_uring fd, by name. Anonymous mappings are left out:
     * the JVM makes and drops them by itself as its heap, thread stacks and code cache change.
     */
    public static List<String> resourceMappings() {
        List<String> named = new ArrayList<>();
        for (String line : mappings()) {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length == 6 && (fields[5].startsWith("/") || fields[5].contains("io_uring"))) {
                named.add(fields[5]);
            }
        }
        java.util.Collections.sort(named);
        return named;
    }

    /** Mappings of this JVM whose line contains {@code text} (a file path, "io_uring"). */
    protected static long mappingsOf(String text) {
        return mappings().stream().filter(line -> line.contains(text)).count();
    }

    /** Bytes held by the JVM's direct buffer pool. */
    protected static long directMemoryUsed() {
        return OsReading.now().directBytes();
    }

    /** Live threads whose name starts with {@code prefix}. */
    protected static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    /** Threads of this JVM as the OS counts them: entries of /proc/self/task. */
    protected static long osThreads() {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What {@link #openFds()} counts, for failure messages. */
    public static List<String> openFdTargets() {
        return Descriptors.resourceTargets();
    }

    /**
     * Whether the OS process ignores SIGTERM now: bit 14 (signal 15) of {@code SigIgn} in its
     * {@code /proc/PID/status}. A shell that traps TERM sets it only once it has run the trap.
     */
    public static boolean osProcessIgnoresTerm(long osPid) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/" + osPid + "/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 14)) != 0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not there (any more)
        }
        return false;
    }

    /** Whether an OS process with this pid is alive (zombies count as gone). */
    public static boolean osProcessAlive(long osPid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + osPid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }
}
