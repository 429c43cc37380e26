package io.reclaim.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.Rankings;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.process.ProcessManagers;

/**
 * The platform's process manager and termination gate. It registers its {@code os-process}
 * cleanup handler itself, because the handler tracks the children this manager starts; a
 * configuration change re-ranks the handler in place, without ending any process. It also opens
 * the journal and registers it (with the os-process leftover reclaimer), and hands every
 * {@link LeftoverReclaimer} the leftovers of its type.
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
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.journal.Journal\"",
        uses = Journal.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.reclaim.api.journal.LeftoverReclaimer\"", uses = LeftoverReclaimer.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ProcessGate\"",
        uses = ProcessGate.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ProcessManager\"",
        uses = ProcessManager.class)
@Component(name = ProcessManagerComponent.PID, service = {}, immediate = true)
@Designate(ocd = ProcessManagerConfig.class)
public final class ProcessManagerComponent implements ProcessManager {

    /** The component name, which is also its Configuration Admin pid. */
    public static final String PID = "io.reclaim.process";

    /** The property behind {@link ProcessManagerConfig#os_process_ranking()}. */
    static final String OS_PROCESS_RANKING = "os.process.ranking";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessManagerComponent.class);

    private final BundleContext context;
    private final DefaultProcessManager manager;
    private final CloseableJournal journal;
    private final LeftoverDispatch leftovers;
    private final ServiceRegistration<ResourceCleanup> cleanupRegistration;
    private final ServiceRegistration<Journal> journalRegistration;
    private final ServiceRegistration<LeftoverReclaimer> orphanRegistration;
    private final ServiceRegistration<EventHook> stopHookRegistration;
    private final ServiceRegistration<ProcessGate> gateRegistration;
    private final ServiceRegistration<ProcessManager> managerRegistration;

    @Activate
    public ProcessManagerComponent(BundleContext context, @Reference ResourceOrchestrator orchestrator,
            ProcessManagerConfig config, Map<String, Object> properties) {
        this.context = context;
        Settings settings = settings(config, properties, ResourceCleanup.RANKING_OS_PROCESS);
        String home = context.getProperty(Journal.HOME_PROPERTY);
        journal = JournalLocation.open(config.journal_directory(), home, context.getDataFile(JournalLocation.FOLDER));
        manager = new DefaultProcessManager(orchestrator, settings, journal);
        leftovers = new LeftoverDispatch(journal, manager::orphansReclaimed);
        // the handler and the manager share one life: the handler tracks the children the manager starts
        cleanupRegistration = context.registerService(ResourceCleanup.class, manager.osProcessCleanup().cleanupHandler(),
                cleanupProperties(settings));
        journalRegistration = context.registerService(Journal.class, new JournalService(journal),
                journalProperties(home));
        Dictionary<String, Object> orphanProperties = new Hashtable<>();
        orphanProperties.put(LeftoverReclaimer.TYPE, ProcessManagers.OS_PROCESS_TYPE);
        orphanRegistration = context.registerService(LeftoverReclaimer.class, manager.orphanReclaimer(), orphanProperties);
        // no bundle for a class on the framework's class path: an embedder's system bundle exports the api
        Set<Bundle> essential = Stream.of(context.getBundle(), FrameworkUtil.getBundle(ProcessManager.class),
                FrameworkUtil.getBundle(orchestrator.getClass())).filter(Objects::nonNull).collect(Collectors.toSet());
        stopHookRegistration = context.registerService(EventHook.class, new PlatformStopHook(essential, manager), null);
        // only the gate: the manager itself can be closed, and that belongs to this component alone
        ProcessGate gate = manager::state;
        gateRegistration = context.registerService(ProcessGate.class, gate, null);
        // last, when everything it answers with is in place
        managerRegistration = context.registerService(ProcessManager.class, this, serviceProperties(properties));
        LOG.info("process manager started; containment: {}; journal {}", manager.containment(),
                journal.file().map(Object::toString).orElse("in memory"));
    }

    @Modified
    void modified(ProcessManagerConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    private void configure(ProcessManagerConfig config, Map<String, Object> properties) {
        Settings settings = settings(config, properties, manager.settings().osProcessRanking());
        manager.reconfigure(settings);
        cleanupRegistration.setProperties(cleanupProperties(settings));
        managerRegistration.setProperties(serviceProperties(properties));
    }

    /**
     * The component's public properties, configuration included, as SCR would give its service:
     * a caller can wait for a configuration to be applied by filtering on it.
     */
    private static Dictionary<String, Object> serviceProperties(Map<String, Object> properties) {
        Dictionary<String, Object> published = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(".") && !FRAMEWORK_PROPERTIES.contains(key)) {
                published.put(key, value);
            }
        });
        return published;
    }

    /** Set by the framework on every registration; never copied from a component's properties. */
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of(Constants.OBJECTCLASS, Constants.SERVICE_ID,
            Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE);

    @Deactivate
    void deactivate() {
        unregister(managerRegistration);
        unregister(stopHookRegistration);
        // every process ends through its ranked cleanup while every handler and the journal are there
        manager.close();
        leftovers.close();
        unregister(orphanRegistration);
        // users of the journal (rings, directories) release what they still hold and remove their records
        unregister(journalRegistration);
        // every process has ended: the managers that go with the gate have nothing left to release
        unregister(gateRegistration);
        unregister(cleanupRegistration);
        journal.close();
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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProcessListener(ProcessListener listener) {
        manager.processListeners().add(listener);
    }

    void removeProcessListener(ProcessListener listener) {
        manager.processListeners().remove(listener);
    }

    /**
     * Each type's reclaimer gets its leftovers when it appears. A reclaimer without a type is
     * logged and skipped: there is nothing it could be handed.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addLeftoverReclaimer(LeftoverReclaimer reclaimer, Map<String, Object> properties) {
        Object type = properties.get(LeftoverReclaimer.TYPE);
        if (!(type instanceof String name) || name.isBlank()) {
            LOG.warn("a leftover reclaimer without a {} service property is ignored: {}", LeftoverReclaimer.TYPE, reclaimer);
            return;
        }
        leftovers.add(name, reclaimer);
    }

    void removeLeftoverReclaimer(LeftoverReclaimer reclaimer) {
        // a reclaim in progress finishes; the leftovers it did not get wait for the next start
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
    private static Settings settings(ProcessManagerConfig config, Map<String, Object> properties, int currentRanking) {
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
        String containment = config.containment();
        try {
            containment = Settings.checkContainment(containment);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; using auto", e.getMessage());
            containment = "auto";
        }
        return new Settings(historySize, Duration.ofMillis(killMillis), config.use_setsid(),
                osProcessRanking(properties.get(OS_PROCESS_RANKING), currentRanking), containment, config.cgroup_parent(),
                grace("shutdown.grace.ms", config.shutdown_grace_ms(), Settings.DEFAULT_SHUTDOWN_GRACE),
                grace("orphan.grace.ms", config.orphan_grace_ms(), Settings.DEFAULT_ORPHAN_GRACE));
    }

    /**
     * Read from the raw properties, not through {@code config.os_process_ranking()}: Karaf's
     * {@code config:property-set} and {@code etc/*.cfg} store text, Felix Gogo a Long, and a value
     * that is no integer must be refused in one line, not fail the whole component.
     */
    static int osProcessRanking(Object value, int current) {
        if (value == null) {
            return ResourceCleanup.RANKING_OS_PROCESS; // not configured, or no longer: the default
        }
        OptionalInt ranking = Rankings.parse(value);
        if (ranking.isPresent()) {
            return ranking.getAsInt();
        }
        LOG.error("{}: {} = {} '{}' is not an integer; refused, the {} handler keeps its rank {}", PID,
                OS_PROCESS_RANKING, value.getClass().getSimpleName(), value, ProcessManagers.OS_PROCESS_TYPE, current);
        return current;
    }

    private static Duration grace(String name, long millis, Duration fallback) {
        if (millis < 0) {
            LOG.warn("{} must not be negative, got {}; using {}", name, millis, fallback.toMillis());
            return fallback;
        }
        return Duration.ofMillis(millis);
    }

    private Dictionary<String, Object> journalProperties(String home) {
        Dictionary<String, Object> properties = new Hashtable<>();
        if (home != null && !home.isBlank()) {
            properties.put(Journal.HOME_PROPERTY, home);
        }
        // the containment in use, for reclaim:status
        properties.put(Journal.CONTAINMENT_PROPERTY, manager.containment());
        return properties;
    }

    private static Dictionary<String, Object> cleanupProperties(Settings settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, ProcessManagers.OS_PROCESS_TYPE);
        properties.put(Constants.SERVICE_RANKING, settings.osProcessRanking());
        return properties;
    }
}
