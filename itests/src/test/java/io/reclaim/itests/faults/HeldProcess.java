package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.itests.ReclaimTestSupport;

/**
 * A live pid holding one resource of every type and an OS child, in a running platform, and the
 * witnesses that read the order in which its resources are released when the platform loses a
 * part.
 *
 * <p>Witnesses are cleanup handlers registered between the default rankings by the system bundle,
 * so that they outlive every other bundle. Each notes, when its turn comes, which types have
 * already released the pid's resources: a manager that released ahead of the ranked cleanup shows
 * up in the first note.
 */
final class HeldProcess {

    /** Every handler of the platform, in the documented cleanup order (DESIGN rule 3). */
    static final List<String> ORDER = List.of("os-process", "scheduler", "timers", "tasks", "signals", "ipc",
            "sockets", "iouring", "zerocopy", "files", "mmap", "memory");

    /** One witness before each handler of {@link #ORDER} and one after the last. */
    private static final int[] WITNESS_RANKINGS = {1001, 950, 875, 825, 750, 650, 550, 475, 425, 350, 250, 150, 50};

    private static final long WAIT_MS = 20_000;

    private static final String SCHEDULER_PID = "io.reclaim.scheduler";
    private static final String TIME_SLICE = "time.slice.ms";
    private static final long LONG_SLICE_MS = 600_000;

    final Pid pid;
    final long osPid;
    private final List<String> acquiredFds;
    private final List<String> acquiredMappings;
    private final List<List<String>> notes;

    private HeldProcess(Pid pid, long osPid, List<String> acquiredFds, List<String> acquiredMappings,
            List<List<String>> notes) {
        this.pid = pid;
        this.osPid = osPid;
        this.acquiredFds = acquiredFds;
        this.acquiredMappings = acquiredMappings;
        this.notes = notes;
    }

    /** Spawns the pid in the platform {@code context} sees, fills it and registers the witnesses. */
    static HeldProcess spawn(BundleContext context) throws Exception {
        ResourceOrchestrator orchestrator = service(context, ResourceOrchestrator.class);
        await("every handler is up", () -> orchestrator.handlers().size() == ORDER.size());
        Map<String, ResourceCleanup> handlers = new HashMap<>();
        // all of them: a caller that sees a resource bundle's own API from elsewhere (a launcher's
        // class path) would not be offered the services that also carry it
        for (ServiceReference<?> reference : context.getAllServiceReferences(ResourceCleanup.class.getName(), null)) {
            ResourceCleanup handler = (ResourceCleanup) context.getService(reference);
            handlers.put(handler.resourceType(), handler);
        }
        assertEquals(new HashSet<>(ORDER), handlers.keySet());
        List<String> fdsBefore = ReclaimTestSupport.openFdTargets();
        List<String> mappingsBefore = ReclaimTestSupport.resourceMappings();

        longTimeSlices(context);
        ProcessInfo info = service(context, ProcessManager.class).spawn(ProcessSpec.named("held").withCommand("sleep", "600"));
        Pid pid = info.pid();
        for (ResourceCleanup handler : handlers.values()) {
            if (!handler.resourceType().equals("os-process")) {
                assertTrue(handler.resourceType() + " makes a sample", handler.sample(pid));
            }
        }
        for (String type : ORDER) {
            assertTrue(type + " holds a resource of " + pid, handlers.get(type).hasResources(pid));
        }
        List<String> acquiredFds = new ArrayList<>(ReclaimTestSupport.openFdTargets());
        acquiredFds.removeAll(fdsBefore);
        List<String> acquiredMappings = new ArrayList<>(ReclaimTestSupport.resourceMappings());
        acquiredMappings.removeAll(mappingsBefore);
        // the JVM maps its own libraries on first use (libextnet.so with the first socket)
        acquiredMappings.removeIf(mapping -> mapping.startsWith(System.getProperty("java.home")));
        assertFalse("the samples hold fds", acquiredFds.isEmpty());

        BundleContext system = context.getBundle(0).getBundleContext();
        List<List<String>> notes = Collections.synchronizedList(new ArrayList<>());
        for (int ranking : WITNESS_RANKINGS) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_RANKING, ranking);
            properties.put(ResourceCleanup.RESOURCE_TYPE, "witness-" + ranking);
            system.registerService(ResourceCleanup.class, new Witness(ranking, pid, handlers, notes), properties);
        }
        await("the witnesses are bound", () -> orchestrator.handlers().size() == ORDER.size() + WITNESS_RANKINGS.length);
        return new HeldProcess(pid, info.osPid(), acquiredFds, acquiredMappings, notes);
    }

    /**
     * A sample task waits to be cancelled: the scheduler must not preempt it after one time slice
     * (100 ms by default), or the task would end before any cleanup.
     */
    static void longTimeSlices(BundleContext context) throws Exception {
        ConfigurationAdmin configurations = service(context, ConfigurationAdmin.class);
        Configuration scheduling = configurations.getConfiguration(SCHEDULER_PID, "?");
        scheduling.update(new Hashtable<>(Map.of(TIME_SLICE, LONG_SLICE_MS)));
        await("the scheduler runs with long time slices", () -> {
            ServiceReference<?>[] scheduler = references(context, "io.reclaim.scheduler.Scheduler");
            return scheduler != null && Long.valueOf(LONG_SLICE_MS).equals(scheduler[0].getProperty(TIME_SLICE));
        });
    }

    /** The OS child is gone, every witness saw the releases so far in ranking order, and the fds and mappings are back. */
    void assertEndedInRankingOrder() throws InterruptedException {
        await("the OS child " + osPid + " is gone", () -> !ReclaimTestSupport.osProcessAlive(osPid));
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < WITNESS_RANKINGS.length; i++) {
            expected.add(ORDER.subList(0, i));
        }
        assertEquals("what had been released of " + pid + " when each witness ran", expected, List.copyOf(notes));
        List<String> fds = ReclaimTestSupport.openFdTargets();
        assertEquals("fds of the samples still open", List.of(), acquiredFds.stream().filter(fds::contains).toList());
        List<String> mappings = ReclaimTestSupport.resourceMappings();
        assertEquals("mappings of the samples still mapped", List.of(),
                acquiredMappings.stream().filter(mappings::contains).toList());
    }

    private static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
        await(type.getSimpleName() + " is registered", () -> context.getServiceReference(type) != null);
        return context.getService(context.getServiceReference(type));
    }

    /** A service whose class the caller may not see (a resource bundle's own API). */
    private static Object service(BundleContext context, String type) throws InterruptedException {
        await(type + " is registered", () -> references(context, type) != null);
        return context.getService(references(context, type)[0]);
    }

    private static ServiceReference<?>[] references(BundleContext context, String type) {
        try {
            return context.getAllServiceReferences(type, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A cleanup handler that frees nothing and notes which types have released the pid's resources. */
    private static final class Witness implements ResourceCleanup {

        private final int ranking;
        private final Pid pid;
        private final Map<String, ResourceCleanup> handlers;
        private final List<List<String>> notes;

        Witness(int ranking, Pid pid, Map<String, ResourceCleanup> handlers, List<List<String>> notes) {
            this.ranking = ranking;
            this.pid = pid;
            this.handlers = handlers;
            this.notes = notes;
        }

        @Override
        public CleanupStats cleanup(Pid ended) {
            if (ended.equals(pid)) {
                List<String> released = new ArrayList<>();
                for (String type : ORDER) {
                    if (!handlers.get(type).hasResources(ended)) {
                        released.add(type);
                    }
                }
                notes.add(released);
            }
            return CleanupStats.NONE;
        }

        @Override
        public boolean cleanupMayBlock(Pid ended) {
            return false;
        }

        @Override
        public String resourceType() {
            return "witness-" + ranking;
        }

        @Override
        public boolean hasResources(Pid held) {
            return held.equals(pid);
        }
    }
}
