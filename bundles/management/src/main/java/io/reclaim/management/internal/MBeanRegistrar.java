package io.reclaim.management.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;

/**
 * Registers Reclaim's MBeans on the platform MBean server, where jconsole, jmxterm and Karaf's JMX
 * connector find them: {@code io.reclaim:type=Processes}, {@code io.reclaim:type=Leaks}, and one
 * {@code io.reclaim:type=Handler,name=<type>} per cleanup handler service, which comes and goes
 * with the handler. Everything is unregistered when the component stops.
 *
 * <p>One registration component rather than an MBean whiteboard: the platform server is what both
 * Felix and Karaf expose, and it needs no extra bundle.
 */
@Component(immediate = true)
public final class MBeanRegistrar {

    static final String DOMAIN = "io.reclaim";

    private static final Logger LOG = LoggerFactory.getLogger(MBeanRegistrar.class);

    /**
     * Registers and unregisters, in the order the component asked, off the thread that starts
     * bundles: the platform MBean server's first use costs a start about 65 ms, and nothing waits
     * for an MBean.
     */
    private final ExecutorService jmx = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "reclaim-jmx");
        thread.setDaemon(true);
        return thread;
    });
    /** The platform MBean server, taken on {@link #jmx}'s thread at its first registration. */
    private MBeanServer server;
    @Reference
    private ResourceOrchestrator orchestrator;
    @Reference
    private ProcessManager processes;
    /** Handler services per type: two bundles may register the same type, the MBean stays while one does. */
    private final Map<String, Integer> handlers = new HashMap<>();
    private boolean active;

    /** The handlers' MBeans first and Processes last: whoever sees Processes finds the rest too. */
    @Activate
    synchronized void activate() {
        active = true;
        List<String> types = List.copyOf(handlers.keySet());
        jmx.execute(() -> {
            types.forEach(this::registerHandler);
            register(name("type=Leaks"), new StandardMBean(new LeaksView(processes, orchestrator), LeaksMBean.class, false));
            register(name("type=Processes"), new StandardMBean(new ProcessesView(processes), ProcessesMBean.class, false));
        });
    }

    /** Returns once every MBean is unregistered (or after 10 s, said in the log). */
    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            List<String> types = List.copyOf(handlers.keySet());
            jmx.execute(() -> {
                unregister(name("type=Processes"));
                unregister(name("type=Leaks"));
                types.forEach(type -> unregister(handlerName(type)));
            });
            jmx.shutdown();
        }
        try {
            if (!jmx.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Reclaim's MBeans were not all unregistered within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addHandler(ResourceCleanup handler, Map<String, Object> properties) {
        String type = type(handler, properties);
        if (type != null && handlers.merge(type, 1, Integer::sum) == 1 && active) {
            jmx.execute(() -> registerHandler(type));
        }
    }

    synchronized void removeHandler(ResourceCleanup handler, Map<String, Object> properties) {
        String type = type(handler, properties);
        if (type != null && handlers.computeIfPresent(type, (t, n) -> n == 1 ? null : n - 1) == null && active) {
            jmx.execute(() -> unregister(handlerName(type)));
        }
    }

    private static String type(ResourceCleanup handler, Map<String, Object> properties) {
        if (properties.get(ResourceCleanup.RESOURCE_TYPE) instanceof String type && !type.isBlank()) {
            return type;
        }
        LOG.warn("a cleanup handler without a {} property gets no MBean: {}", ResourceCleanup.RESOURCE_TYPE, handler);
        return null;
    }

    private void registerHandler(String type) {
        ObjectName name = handlerName(type);
        if (name != null) {
            register(name, new StandardMBean(new HandlerView(type, orchestrator), HandlerMBean.class, false));
        }
    }

    private void register(ObjectName name, StandardMBean bean) {
        if (name == null) {
            return;
        }
        try {
            if (server == null) {
                server = ManagementFactory.getPlatformMBeanServer();
            }
            server.registerMBean(bean, name);
        } catch (JMException | RuntimeException e) { // one MBean that fails leaves the others of its batch registered
            LOG.warn("MBean {} not registered: {}", name, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        if (name == null || server == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.debug("MBean {} was not registered: {}", name, e.toString());
        }
    }

    static ObjectName handlerName(String type) {
        // a plain type reads as is (name=files); anything JMX would misread is quoted
        return name("type=Handler,name=" + (type.matches("[A-Za-z0-9._-]+") ? type : ObjectName.quote(type)));
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (JMException e) {
            LOG.warn("no MBean name for {}: {}", properties, e.toString());
            return null;
        }
    }
}
