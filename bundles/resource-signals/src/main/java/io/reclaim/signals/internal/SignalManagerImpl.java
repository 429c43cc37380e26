package io.reclaim.signals.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.signals.SignalHandler;
import io.reclaim.signals.SignalManager;
import io.reclaim.signals.SignalSettings;
import io.reclaim.signals.SignalSubscription;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.signals.CloseableSignalManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal manager. The ledger tracks the handlers (one lease each); {@link PidSignals} routes
 * signals to them and keeps each pid's pending signals in order.
 *
 * <p>In OSGi the component registers its {@link TerminationListener} service itself, once it is
 * fully built, instead of listing it in {@code service}: the process manager is the
 * {@link ProcessGate} this component needs and also binds every TerminationListener, so a
 * listener provided by DS would be requested while this component is still being activated for
 * the gate, and Felix SCR then drops the binding for good (a circular reference it never retries).
 */
// immediate: TERM delivery and JVM signal forwarding must work before anyone looks the manager up
@Component(name = "io.reclaim.signals", service = SignalManager.class, immediate = true)
@ResourceType(reclaim_resource_type = SignalManager.TYPE, service_ranking = ResourceCleanup.RANKING_SIGNALS)
@Designate(ocd = Config.class)
public class SignalManagerImpl extends ResourceManagerSupport<SignalSubscription> implements SignalManager {

    private static final Logger LOG = LoggerFactory.getLogger(SignalManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private final ProcessGate gate;
    private final ConcurrentHashMap<Pid, PidSignals> byPid = new ConcurrentHashMap<>();
    private final HandlerThreads threads;
    private final JvmSignalBridge jvmSignals = new JvmSignalBridge(this::forwardJvmSignal);
    private volatile SignalSettings settings;
    private volatile boolean closed;
    private volatile ServiceRegistration<TerminationListener> listenerRegistration;

    @Activate
    public SignalManagerImpl(BundleContext context,
            @Reference ProcessGate gate, Config config, Map<String, Object> properties) {
        this(gate, settings(config));
        // last: the process manager may call it as soon as it is registered
        listenerRegistration = context.registerService(TerminationListener.class, this::terminating,
                FrameworkUtil.asDictionary(Map.of(ResourceCleanup.RESOURCE_TYPE, TYPE)));
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    public SignalManagerImpl(ProcessGate gate, SignalSettings settings) {
        super(TYPE, gate);
        this.gate = gate;
        this.threads = new HandlerThreads(settings.handlerThreads());
        configure(settings);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        configure(settings(config));
        registration.update(properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        ServiceRegistration<TerminationListener> registration = listenerRegistration;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it with the bundle
            }
        }
        shutdown();
    }

    private void configure(SignalSettings newSettings) {
        settings = newSettings;
        threads.resize(newSettings.handlerThreads());
        jvmSignals.forward(jvmSignalNames(newSettings.forwardJvmSignals()));
    }

    @Override
    public Lease<SignalSubscription> handle(Pid pid, String signal, SignalHandler handler) {
        String name = SignalNames.normalize(signal);
        Objects.requireNonNull(handler, "handler");
        Subscription subscription = new Subscription(pid, name, handler, threads.executor());
        Lease<SignalSubscription> lease = ledger().acquire(pid, () -> subscription);
        index(subscription);
        return lease;
    }

    private void index(Subscription subscription) {
        Pid pid = subscription.pid();
        for (;;) {
            if (subscription.isClosed()) {
                return; // a cleanup that raced the registration already released it
            }
            PidSignals signals = byPid.computeIfAbsent(pid, PidSignals::new);
            if (signals.subscribe(subscription)) {
                discardIfEmpty(pid, signals);
                return;
            }
        }
    }

    /** A handler for {@link #USR1} that does nothing with the signals it receives. */
    @Override
    protected boolean sample(Pid pid) {
        handle(pid, USR1, signal -> { });
        return true;
    }

    @Override
    public void release(Pid pid, Lease<SignalSubscription> subscription) {
        ledger().release(pid, subscription);
    }

    /** Called by the ledger, exactly once per handler, on release and on cleanup. */
    @Override
    protected void release(SignalSubscription resource) {
        Subscription subscription = (Subscription) resource;
        PidSignals signals = subscription.close();
        if (signals != null) {
            signals.unsubscribe(subscription);
            discardIfEmpty(subscription.pid(), signals);
        }
    }

    @Override
    public void send(Pid pid, String signal) {
        String name = SignalNames.normalize(signal);
        for (;;) {
            checkOpen(pid);
            gate.checkAdmits(pid);
            PidSignals signals = byPid.computeIfAbsent(pid, PidSignals::new);
            switch (signals.send(name, settings.maxPending(), () -> gate.admits(pid))) {
                case DELIVERED:
                    LOG.debug("signal {} sent to pid {}", name, pid);
                    return;
                case PENDING:
                    LOG.debug("signal {} pending for pid {}: it has no handler for it", name, pid);
                    return;
                case REFUSED:
                    // the pid began terminating after the first check: nothing landed, and an
                    // index made for this call alone must not outlive the pid
                    discardIfEmpty(pid, signals);
                    gate.checkAdmits(pid);
                    break;
                default:
                    break; // retired by a cleanup or for being empty: start over
            }
        }
    }

    /** The {@link TerminationListener}: TERM to the pid's TERM handlers when it starts to terminate. */
    void terminating(Pid pid, Duration grace) {
        if (gate.state(pid) == ProcessState.RUNNING) {
            LOG.debug("TERM not delivered on termination: pid {} is still running", pid);
            return;
        }
        PidSignals signals = byPid.get(pid);
        int handlers = signals == null ? 0 : signals.deliver(TERM, settings.maxPending());
        LOG.debug("TERM delivered to {} handler(s) of terminating pid {}, grace {}", handlers, pid, grace);
        if (handlers > 0) {
            // the grace is the process's time to shut down: let its TERM handlers use it
            letDeliveriesFinish(pid, grace);
        }
    }

    private void forwardJvmSignal(String name) {
        int pids = 0;
        for (PidSignals signals : byPid.values()) {
            if (signals.deliver(name, settings.maxPending()) > 0) {
                pids++;
            }
        }
        LOG.info("JVM signal {} forwarded to {} process(es)", name, pids);
    }

    @Override
    public List<String> pending(Pid pid) {
        PidSignals signals = byPid.get(pid);
        return signals == null ? List.of() : signals.pending();
    }

    @Override
    public List<String> handled(Pid pid) {
        PidSignals signals = byPid.get(pid);
        return signals == null ? List.of() : signals.handled();
    }

    /**
     * Only signals already handed to the pid's handlers make the cleanup wait, within the drain
     * timeout; one handed over right after this answer is still waited for, within that bound.
     */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        PidSignals signals = byPid.get(pid);
        if (signals == null || settings.drainTimeout().isZero()) {
            return false;
        }
        for (Subscription subscription : signals.subscriptions()) {
            if (subscription.queued() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets signals already handed to the pid's handlers finish (bounded), removes the handlers,
     * then drops the pending signals; handlers and pending signals count as freed.
     */
    @Override
    protected CleanupStats cleanup(Pid pid) {
        letDeliveriesFinish(pid, settings.drainTimeout());
        CleanupStats handlers = super.cleanup(pid);
        PidSignals signals = byPid.remove(pid);
        int dropped = signals == null ? 0 : signals.retire();
        if (dropped > 0) {
            LOG.debug("{} pending signal(s) of pid {} dropped", dropped, pid);
        }
        return handlers.plus(CleanupStats.freed(dropped, 0));
    }

    /*
     * TERM is handed to the handlers when termination begins, and the grace period may be zero (a
     * logical process, a forced stop): without this wait the cleanup would discard a TERM that was
     * already delivered before any handler thread ran it.
     */
    private void letDeliveriesFinish(Pid pid, Duration timeout) {
        PidSignals signals = byPid.get(pid);
        if (signals == null || timeout.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Subscription subscription : signals.subscriptions()) {
                if (!subscription.awaitIdle(deadline)) {
                    LOG.warn("{} still busy after {} ms: its remaining signals are discarded with it",
                            subscription, timeout.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the cleanup goes on: it must not be half done
        }
    }

    @Override
    protected boolean hasResources(Pid pid) {
        return super.hasResources(pid) || pendingCount(pid) > 0;
    }

    @Override
    protected ResourceUsage usage(Pid pid) {
        return super.usage(pid).plus(new ResourceUsage(pendingCount(pid), 0));
    }

    @Override
    protected CleanupStats shutdown() {
        closed = true;
        jvmSignals.restore();
        CleanupStats total = super.shutdown();
        long dropped = 0;
        for (Pid pid : byPid.keySet()) {
            PidSignals signals = byPid.remove(pid);
            if (signals != null) {
                dropped += signals.retire();
            }
        }
        threads.stop();
        total = total.plus(CleanupStats.freed(dropped, 0));
        LOG.debug("signals stopped: {} handler(s) and pending signal(s) released", total.resourcesFreed());
        return total;
    }

    /** @return the JVM signals forwarded now */
    List<String> forwardedJvmSignals() {
        return jvmSignals.forwarded();
    }

    private int pendingCount(Pid pid) {
        PidSignals signals = byPid.get(pid);
        return signals == null ? 0 : signals.pendingCount();
    }

    private void discardIfEmpty(Pid pid, PidSignals signals) {
        if (signals.retireIfEmpty()) {
            byPid.remove(pid, signals);
        }
    }

    private void checkOpen(Pid pid) {
        if (closed) {
            throw new IllegalStateException("signals is stopped: nothing can be sent to pid " + pid);
        }
    }

    /** A bad number is logged and replaced by its default: a typo in a configuration must not stop signal handling. */
    private static SignalSettings settings(Config config) {
        return new SignalSettings(
                positive("handler_threads", config.handler_threads(), SignalSettings.DEFAULT_HANDLER_THREADS),
                positive("max_pending", config.max_pending(), SignalSettings.DEFAULT_MAX_PENDING),
                List.of(config.forward_jvm_signals()),
                Duration.ofMillis(Math.max(0, config.drain_timeout_millis())));
    }

    private static int positive(String property, int value, int fallback) {
        if (value > 0) {
            return value;
        }
        LOG.warn("{} must be at least 1, got {}; using {}", property, value, fallback);
        return fallback;
    }

    /** Keeps the valid names; a bad one is logged and skipped rather than failing the component. */
    private static List<String> jvmSignalNames(List<String> configured) {
        return configured.stream().filter(name -> {
            try {
                SignalNames.normalize(name);
                return true;
            } catch (IllegalArgumentException e) {
                LOG.warn("forward_jvm_signals: {}", e.getMessage());
                return false;
            }
        }).map(SignalNames::normalize).distinct().toList();
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends SignalManagerImpl implements CloseableSignalManager {

        public Embedded(ProcessGate gate, SignalSettings settings) {
            super(gate, settings);
        }

        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public CleanupStats shutdown() {
            return super.shutdown();
        }

        @Override
        public TerminationListener terminationListener() {
            return this::terminating;
        }
    }
}
