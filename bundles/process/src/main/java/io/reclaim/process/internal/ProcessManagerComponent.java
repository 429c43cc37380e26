package io.reclaim.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.TerminationListener;
import io.reclaim.process.ProcessManagers;

/**
 * The platform's process manager and termination gate. It registers its {@code os-process}
 * cleanup handler itself, because the handler tracks the children this manager starts; a
 * configuration change re-ranks the handler in place, without ending any process.
 *
 * <p>Every service of the component is registered here, once the manager is complete, not by
 * SCR. A resource manager needs the gate to activate, the orchestrator binds every manager as it
 * appears, and a manager may bind the process manager: were these SCR services of this component,
 * getting one while the component is being activated (through a tracker, or the orchestrator's
 * binding) would come back to the component itself, and SCR and the framework report that circle
 * as an error with a stack trace when a bundle is restarted. Registered here, each is a plain
 * object that anyone can get at any time. The services are declared as capabilities so that a
 * resolver sees them.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ResourceCleanup\"",
        uses = ResourceCleanup.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ProcessGate\"",
        uses = ProcessGate.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ProcessManager\"",
        uses = ProcessManager.class)
@Component(name = "io.reclaim.process", service = {}, immediate = true)
@Designate(ocd = ProcessManagerConfig.class)
public final class ProcessManagerComponent implements ProcessManager {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessManagerComponent.class);

    private final DefaultProcessManager manager;
    private final ServiceRegistration<ResourceCleanup> cleanupRegistration;
    private final ServiceRegistration<EventHook> stopHookRegistration;
    private final ServiceRegistration<ProcessGate> gateRegistration;
    private final ServiceRegistration<ProcessManager> managerRegistration;

    @Activate
    public ProcessManagerComponent(BundleContext context, @Reference ResourceOrchestrator orchestrator,
            ProcessManagerConfig config) {
        Settings settings = settings(config);
        manager = new DefaultProcessManager(orchestrator, settings);
        // the handler and the manager share one life: the handler tracks the children the manager starts
        cleanupRegistration = context.registerService(ResourceCleanup.class, manager.osProcessCleanup(),
                cleanupProperties(settings));
        // no bundle for a class on the framework's class path: an embedder's system bundle exports the api
        Set<Bundle> essential = Stream.of(context.getBundle(), FrameworkUtil.getBundle(ProcessManager.class),
                FrameworkUtil.getBundle(orchestrator.getClass())).filter(Objects::nonNull).collect(Collectors.toSet());
        stopHookRegistration = context.registerService(EventHook.class, new PlatformStopHook(essential, manager), null);
        // only the gate: the manager itself can be closed, and that belongs to this component alone
        ProcessGate gate = manager::state;
        gateRegistration = context.registerService(ProcessGate.class, gate, null);
        // last, when everything it answers with is in place
        managerRegistration = context.registerService(ProcessManager.class, this, null);
        LOG.info("process manager started; OS children {} their own process group", manager.startsOwnGroups() ? "lead" : "do not lead");
    }

    @Modified
    void modified(ProcessManagerConfig config) {
        configure(config);
    }

    private void configure(ProcessManagerConfig config) {
        Settings settings = settings(config);
        manager.reconfigure(settings);
        cleanupRegistration.setProperties(cleanupProperties(settings));
    }

    @Deactivate
    void deactivate() {
        unregister(managerRegistration);
        unregister(stopHookRegistration);
        manager.close();
        // every process has ended: the managers that go with the gate have nothing left to release
        unregister(gateRegistration);
        unregister(cleanupRegistration);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTerminationListener(TerminationListener listener) {
        manager.listeners().add(listener);
    }

    void removeTerminationListener(TerminationListener listener) {
        manager.listeners().remove(listener);
    }

    @Override
    public ProcessState state(Pid pid) {
        return manager.state(pid);
    }

    @Override
    public ProcessInfo spawn(ProcessSpec spec) throws IOException {
        return manager.spawn(spec);
    }

    @Override
    public List<ProcessInfo> list() {
        return manager.list();
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        return manager.info(pid);
    }

    @Override
    public List<ProcessInfo> history() {
        return manager.history();
    }

    @Override
    public ProcessStatistics statistics() {
        return manager.statistics();
    }

    @Override
    public CleanupResult terminate(Pid pid, Duration grace) {
        return manager.terminate(pid, grace);
    }

    /** Bad values are logged and replaced by the nearest valid one: the manager must keep running. */
    private static Settings settings(ProcessManagerConfig config) {
        int historySize = config.history_size();
        if (historySize < 1) {
            LOG.warn("history.size must be at least 1, got {}; using 1", historySize);
            historySize = 1;
        }
        long killMillis = config.kill_timeout_ms();
        if (killMillis < 1) {
            LOG.warn("kill.timeout.ms must be positive, got {}; using {}", killMillis,
                    ProcessManagers.DEFAULT_KILL_TIMEOUT.toMillis());
            killMillis = ProcessManagers.DEFAULT_KILL_TIMEOUT.toMillis();
        }
        return new Settings(historySize, Duration.ofMillis(killMillis), config.use_setsid(), config.os_process_ranking());
    }

    private static Dictionary<String, Object> cleanupProperties(Settings settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, ProcessManagers.OS_PROCESS_TYPE);
        properties.put(Constants.SERVICE_RANKING, settings.osProcessRanking());
        return properties;
    }
}
