package io.reclaim.iouring.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.iouring.IoUringManager;
import io.reclaim.iouring.IoUringUnavailableException;
import io.reclaim.iouring.Ring;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.iouring.CloseableIoUringManager;
import io.reclaim.api.CleanupStats;

/**
 * The io_uring resource manager. It activates on every system; where io_uring is unavailable it
 * logs why once and refuses to create rings, while cleanup keeps working (there is nothing to
 * release).
 */
@Component(name = "io.reclaim.iouring", service = IoUringManager.class, immediate = true)
@ResourceType(reclaim_resource_type = IoUringManager.TYPE, service_ranking = ResourceCleanup.RANKING_IOURING)
@Designate(ocd = IoUringConfig.class)
public class IoUringManagerImpl extends ResourceManagerSupport<Ring> implements IoUringManager {

    private static final Logger LOG = LoggerFactory.getLogger(IoUringManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private static final int SAMPLE_ENTRIES = 2;

    private final Availability availability;
    private volatile int maxEntries;
    private volatile Duration drainTimeout;

    @Activate
    public IoUringManagerImpl(BundleContext context,
            @Reference ProcessGate gate, IoUringConfig config, Map<String, Object> properties) {
        this(gate, new Availability());
        configure(config);
        unavailableReason().ifPresentOrElse(
                reason -> LOG.warn("io_uring rings cannot be created here: {}", reason),
                () -> LOG.debug("io_uring is available"));
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /** For plain Java: the default limits. */
    public IoUringManagerImpl(ProcessGate gate) {
        this(gate, new Availability());
    }

    IoUringManagerImpl(ProcessGate gate, Availability availability) {
        super(TYPE, gate);
        this.availability = availability;
        this.maxEntries = 4096;
        this.drainTimeout = Duration.ofSeconds(1);
    }

    @Modified
    void modified(IoUringConfig config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(IoUringConfig config) {
        maxEntries = Math.max(1, Math.min(MAX_ENTRIES, config.max_entries()));
        drainTimeout = Duration.ofMillis(Math.max(0, config.drain_timeout_ms()));
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        shutdown();
    }

    @Override
    public Lease<Ring> create(Pid pid, int entries) {
        if (entries < 1 || entries > maxEntries) {
            throw new IllegalArgumentException("a ring has 1 to " + maxEntries + " entries, got " + entries);
        }
        Lease<Ring> lease = ledger().acquire(pid, () -> RingSetup.open(entries, availability));
        LOG.debug("pid {} created {}", pid, lease);
        return lease;
    }

    /**
     * A ring of 2 entries (fewer if the configured maximum is lower). Where io_uring is
     * unavailable there is no sample to make: false, and nothing is held.
     */
    @Override
    protected boolean sample(Pid pid) {
        try {
            create(pid, Math.min(SAMPLE_ENTRIES, maxEntries));
        } catch (IoUringUnavailableException e) {
            LOG.debug("no io_uring sample for pid {}: {}", pid, e.reason());
            return false;
        }
        return true;
    }

    @Override
    public long release(Pid caller, Lease<Ring> ring) {
        return ledger().release(caller, ring);
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            RingSetup.open(1, availability).close(Duration.ZERO);
            return Optional.empty();
        } catch (IoUringUnavailableException e) {
            return Optional.of(e.reason());
        } catch (RuntimeException e) {
            // the kernel has io_uring but refused this ring, e.g. for lack of memory or fds
            return Optional.empty();
        }
    }

    @Override
    protected void release(Ring ring) {
        ((IoUringRing) ring).close(drainTimeout);
    }

    @Override
    protected long sizeOf(Ring ring) {
        return ring.mappedBytes();
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends IoUringManagerImpl implements CloseableIoUringManager {

        public Embedded(ProcessGate gate) {
            super(gate);
        }

        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public CleanupStats shutdown() {
            return super.shutdown();
        }
    }
}
