package io.reclaim.process.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
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
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.process.ProcessManagers;

/**
 * The platform's process manager and termination gate. It registers its {@code os-process}
 * cleanup handler itself, because the handler tracks the children this manager starts; a
 * configuration change re-ranks the handler in place, without ending any process. It also opens
 * the journal and registers it (with the os-process leftover reclaimer), and hands every
 * {@link LeftoverReclaimer} the leftovers of its type. Services registered by hand are declared as
 * service capabilities so that a resolver sees them.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.ResourceCleanup\"",
        uses = ResourceCleanup.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.reclaim.api.journal.Journal\"",
        uses = Journal.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.reclaim.api.journal.LeftoverReclaimer\"", uses = LeftoverReclaimer.class)
@Component(name = "io.reclaim.process", service = {ProcessManager.class, ProcessGate.class}, immediate = true)
@Designate(ocd = ProcessManagerConfig.class)
public final class ProcessManagerComponent implements ProcessManager {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessManagerComponent.class);

    private final BundleContext context;
    private final DefaultProcessManager manager;
    private final CloseableJournal journal;
    private final LeftoverDispatch leftovers;
    private final ServiceRegistration<ResourceCleanup> cleanupRegistration;
    private final ServiceRegistration<Journal> journalRegistration;
    private final ServiceRegistration<LeftoverReclaimer> orphanRegistration;
    private final SynchronousBundleListener frameworkStop;

    @Activate
    public ProcessManagerComponent(BundleContext context, @Reference ResourceOrchestrator orchestrator,
            ProcessManagerConfig config) {
        this.context = context;
        Settings settings = settings(config);
        String home = context.getProperty(Journal.HOME_PROPERTY);
        journal = JournalLocation.open(config.journal_directory(), home, context.getDataFile(JournalLocation.FOLDER));
        manager = new DefaultProcessManager(orchestrator, settings, journal);
        leftovers = new LeftoverDispatch(journal, manager::orphansReclaimed);
        // the handler and the manager share one life: the handler tracks the children the manager starts
        cleanupRegistration = context.registerService(ResourceCleanup.class, manager.osProcessCleanup(),
                cleanupProperties(settings));
        journalRegistration = context.registerService(Journal.class, new JournalService(journal),
                journalProperties(home));
        Dictionary<String, Object> orphanProperties = new Hashtable<>();
        orphanProperties.put(LeftoverReclaimer.TYPE, ProcessManagers.OS_PROCESS_TYPE);
        orphanRegistration = context.registerService(LeftoverReclaimer.class, manager.orphanReclaimer(), orphanProperties);
        // the framework stops bundles one by one, resource bundles before this one: end every
        // process first, while every cleanup handler is still there to run in its rank
        frameworkStop = event -> {
            if (event.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID && event.getType() == BundleEvent.STOPPING) {
                manager.close();
            }
        };
        context.addBundleListener(frameworkStop);
        LOG.info("process manager started; OS children {} their own process group; journal {}",
                manager.startsOwnGroups() ? "lead" : "do not lead",
                journal.file().map(Object::toString).orElse("in memory"));
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
        try {
            context.removeBundleListener(frameworkStop);
        } catch (IllegalStateException stopping) {
            // the bundle context is no longer valid: the listener is gone with it
        }
        leftovers.close();
        unregister(orphanRegistration);
        // users of the journal (rings, directories) release what they hold and remove their records
        unregister(journalRegistration);
        manager.close();
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
        return new Settings(historySize, Duration.ofMillis(killMillis), config.use_setsid(), config.os_process_ranking(),
                grace("shutdown.grace.ms", config.shutdown_grace_ms(), Settings.DEFAULT_SHUTDOWN_GRACE),
                grace("orphan.grace.ms", config.orphan_grace_ms(), Settings.DEFAULT_ORPHAN_GRACE));
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
        // the containment in use, for reclaim:status; the containment code replaces this line
        properties.put(Journal.CONTAINMENT_PROPERTY, manager.startsOwnGroups()
                ? "process groups: each OS child leads its own session (setsid), its tree is found by descendants and session"
                : "descendants only: setsid is not installed or not enabled, a child's tree is found by its descendants");
        return properties;
    }

    private static Dictionary<String, Object> cleanupProperties(Settings settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, ProcessManagers.OS_PROCESS_TYPE);
        properties.put(Constants.SERVICE_RANKING, settings.osProcessRanking());
        return properties;
    }
}
