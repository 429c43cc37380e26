package io.reclaim.orchestrator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.orchestrator.PipeHandler;

/**
 * The component against a real framework: handlers are real services with real ids and rankings,
 * delivered to the bind, updated and unbind methods the way a dynamic greedy reference does.
 */
public class OrchestratorComponentTest {

    private static final Pid PID = Pid.of(9);
    private static final String FRAMEWORK = "org.apache.felix.framework";

    @Rule
    public final TemporaryFolder storage = new TemporaryFolder();

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final OrchestratorComponent component = new OrchestratorComponent();
    private Framework framework;
    private BundleContext context;

    @Before
    public void startFramework() throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.getRoot().getPath(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        context = framework.getBundleContext();
        context.addServiceListener(new DynamicReference(), "(objectClass=" + ResourceCleanup.class.getName() + ")");
        component.activate(config(5000));
    }

    @After
    public void stopFramework() throws Exception {
        component.deactivate();
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test(timeout = 10_000)
    public void servicesRunInDescendingRankingAndTheLaterServiceFirstAmongEqualRankings() {
        ServiceRegistration<ResourceCleanup> first = register(new PipeHandler("custom", journal), 0);
        ServiceRegistration<ResourceCleanup> files = register(new PipeHandler("files", journal), 300);
        ServiceRegistration<ResourceCleanup> second = register(new PipeHandler("tempdir", journal), null);

        assertEquals(List.of("files", "tempdir", "custom"), component.cleanupProcess(PID).order());
        assertEquals(List.of(new HandlerInfo(1, "files", 300, id(files), FRAMEWORK),
                new HandlerInfo(2, "tempdir", 0, id(second), FRAMEWORK),
                new HandlerInfo(3, "custom", 0, id(first), FRAMEWORK)), component.handlers());
    }

    @Test(timeout = 10_000)
    public void aRankingChangedAtRuntimeReordersTheNextCleanupWithoutRestartingAnything() {
        PipeHandler memory = new PipeHandler("memory", journal);
        ServiceRegistration<ResourceCleanup> registration = register(memory, 100);
        register(new PipeHandler("sockets", journal), 500);
        List<Pipe> pipes = memory.open(PID, 2);
        assertEquals(List.of("sockets", "memory"), types());

        registration.setProperties(properties(900));

        assertEquals(List.of("memory", "sockets"), types());
        CleanupResult result = component.cleanupProcess(PID);
        assertEquals(List.of("memory", "sockets"), result.order());
        assertEquals(900, result.outcome("memory").ranking());
        assertTrue("the re-ranked handler still holds and frees its resources", PipeHandler.allClosed(pipes));
    }

    @Test(timeout = 10_000)
    public void aRankingGivenAsTextOrAsLongIsUsedAsThatNumberAtBindAndAtUpdate() {
        register(new PipeHandler("files", journal), 300);
        ServiceRegistration<ResourceCleanup> mmap = registerRaw(new PipeHandler("mmap", journal), "250");
        assertEquals("Karaf's config:property-set stores text", List.of("files", "mmap"), ranks());
        assertEquals(250, component.handlers().get(1).ranking());

        mmap.setProperties(rawProperties(350L));
        assertEquals("Felix Gogo stores a Long", List.of("mmap", "files"), ranks());
        assertEquals(350, component.handlers().get(0).ranking());

        mmap.setProperties(rawProperties(" 150 "));
        assertEquals(List.of("files", "mmap"), ranks());
        assertEquals(List.of("files", "mmap"), component.cleanupProcess(PID).order());
    }

    @Test(timeout = 10_000)
    public void aRankingThatIsNoIntegerIsRefusedAndTheHandlerKeepsItsRankOrItsDefaultButNeverLeavesTheCleanup() {
        register(new PipeHandler("files", journal), 300);
        register(new PipeHandler("memory", journal), 100);
        ServiceRegistration<ResourceCleanup> mmap = registerRaw(new PipeHandler("mmap", journal), "high");
        registerRaw(new PipeHandler("tempdir", journal), 2.5d);
        assertEquals("mmap at its default rank, a custom type at 0", List.of("files", "mmap", "memory", "tempdir"),
                ranks());
        assertEquals(200, component.handlers().get(1).ranking());

        mmap.setProperties(rawProperties(350));
        mmap.setProperties(rawProperties("350x"));
        mmap.setProperties(rawProperties(1L << 40));
        mmap.setProperties(rawProperties(new String[] {"1"}));

        assertEquals("bad updates keep the previous rank", List.of("mmap", "files", "memory", "tempdir"), ranks());
        assertEquals(350, component.handlers().get(0).ranking());
        assertEquals(List.of("mmap", "files", "memory", "tempdir"), component.cleanupProcess(PID).order());
    }

    @Test(timeout = 10_000)
    public void aHandlerWithoutAResourceTypeIsLeftOutAndNothingThrows() {
        register(new PipeHandler(null, journal), 300);
        register(new PipeHandler("files", journal), 300);

        assertEquals(List.of("files"), types());
    }

    @Test(timeout = 10_000)
    public void anUnregisteredHandlerIsNoLongerRun() {
        PipeHandler tasks = new PipeHandler("tasks", journal);
        ServiceRegistration<ResourceCleanup> registration = register(tasks, 800);
        register(new PipeHandler("files", journal), 300);
        tasks.open(PID, 1);

        registration.unregister();

        assertEquals(List.of("files"), component.cleanupProcess(PID).order());
        assertTrue(tasks.hasResources(PID));
    }

    @Test(timeout = 10_000)
    public void theHandlerTimeoutComesFromConfigurationAndChangesWithoutRestart() {
        register(hanging("ipc"), 600);
        register(new PipeHandler("files", journal), 300);
        component.modified(config(200));

        CleanupResult result = component.cleanupProcess(PID);
        assertEquals("timed out after 200 ms, abandoned", result.outcome("ipc").error());
        assertEquals(List.of("ipc", "files"), result.order());

        component.modified(config(0));
        assertEquals("a bad timeout keeps the previous one", "timed out after 200 ms, abandoned",
                component.cleanupProcess(PID).outcome("ipc").error());

        component.modified(config(300));
        assertEquals("timed out after 300 ms, abandoned", component.cleanupProcess(PID).outcome("ipc").error());
    }

    @Test
    public void aDeactivatedComponentRefusesToCleanUp() {
        component.deactivate();

        assertThrows(IllegalStateException.class, () -> component.cleanupProcess(PID));
    }

    private List<String> ranks() {
        return types();
    }

    private ServiceRegistration<ResourceCleanup> registerRaw(ResourceCleanup handler, Object ranking) {
        return context.registerService(ResourceCleanup.class, handler, rawProperties(ranking));
    }

    private static Dictionary<String, Object> rawProperties(Object ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    private List<String> types() {
        return component.handlers().stream().map(HandlerInfo::resourceType).toList();
    }

    private ServiceRegistration<ResourceCleanup> register(ResourceCleanup handler, Integer ranking) {
        return context.registerService(ResourceCleanup.class, handler, properties(ranking));
    }

    private static Dictionary<String, Object> properties(Integer ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        if (ranking != null) {
            properties.put(Constants.SERVICE_RANKING, ranking);
        }
        return properties;
    }

    private static long id(ServiceRegistration<?> registration) {
        return (Long) registration.getReference().getProperty(Constants.SERVICE_ID);
    }

    private ResourceCleanup hanging(String type) {
        return new PipeHandler(type, journal) {
            @Override
            public CleanupStats cleanup(Pid pid) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CleanupStats.NONE;
            }
        };
    }

    private static OrchestratorConfig config(long timeoutMillis) {
        return new OrchestratorConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OrchestratorConfig.class;
            }

            @Override
            public long handler_timeout_ms() {
                return timeoutMillis;
            }
        };
    }

    /** Calls the component as SCR does for its dynamic, greedy, multiple reference. */
    private final class DynamicReference implements ServiceListener {

        @Override
        @SuppressWarnings("unchecked")
        public void serviceChanged(ServiceEvent event) {
            ServiceReference<ResourceCleanup> reference = (ServiceReference<ResourceCleanup>) event.getServiceReference();
            ResourceCleanup handler = context.getService(reference);
            try {
                switch (event.getType()) {
                    case ServiceEvent.REGISTERED -> component.bindHandler(handler, reference);
                    case ServiceEvent.MODIFIED -> component.updatedHandler(handler, reference);
                    case ServiceEvent.UNREGISTERING -> component.unbindHandler(handler, reference);
                    default -> {
                    }
                }
            } finally {
                context.ungetService(reference);
            }
        }
    }
}
