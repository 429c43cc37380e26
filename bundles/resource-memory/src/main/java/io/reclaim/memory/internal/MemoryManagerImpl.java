package io.reclaim.memory.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.MemoryManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.memory.CloseableMemoryManager;

/**
 * Allocates with {@link ByteBuffer#allocateDirect}, so the JVM's {@code direct} buffer pool
 * accounts every byte, and frees through {@link DirectBuffers}. The allocation path takes no lock
 * shared between pids: the quota is one atomic counter per pid, ownership the shared ledger.
 */
@Component(name = "io.reclaim.memory", service = MemoryManager.class, immediate = true)
@ResourceType(reclaim_resource_type = MemoryManager.TYPE, service_ranking = ResourceCleanup.RANKING_MEMORY)
@Designate(ocd = MemoryConfig.class)
public class MemoryManagerImpl extends ResourceManagerSupport<Allocation> implements MemoryManager {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private static final int SAMPLE_BYTES = 4096;

    /** Below the orchestrator's default handler timeout, so a cleanup reports its quarantine itself. */
    static final Duration DEFAULT_PIN_WAIT = Duration.ofSeconds(2);

    private final ProcessGate gate;
    private final Accounts accounts;
    private volatile Duration pinWait = DEFAULT_PIN_WAIT;

    /** Where per-process quotas come from inside a framework; absent until a process manager is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ProcessManager processes;

    @Activate
    public MemoryManagerImpl(BundleContext context,
            @Reference ProcessGate gate, MemoryConfig config, Map<String, Object> properties) {
        super(MemoryManager.TYPE, gate);
        this.gate = gate;
        this.accounts = new Accounts(gate, this::quotaFromSpec, MemoryManager.DEFAULT_QUOTA_BYTES);
        configure(config);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    public MemoryManagerImpl(ProcessGate gate, long defaultQuotaBytes, Function<Pid, OptionalLong> quotaLookup) {
        super(MemoryManager.TYPE, gate);
        if (defaultQuotaBytes < 0) {
            throw new IllegalArgumentException("the default memory quota must be 0 bytes or more, got " + defaultQuotaBytes);
        }
        this.gate = gate;
        this.accounts = new Accounts(gate, quotaLookup, defaultQuotaBytes);
    }

    @Modified
    void modified(MemoryConfig config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(MemoryConfig config) {
        long quota = config.default_quota_bytes();
        if (quota < 0) {
            // refusing the whole configuration would deactivate the component and free everything
            LOG.error("Ignoring default_quota_bytes {}: it must be 0 or more; the default quota stays {} bytes",
                    quota, accounts.defaultQuota());
        } else {
            accounts.defaultQuota(quota);
        }
        pinWait = Duration.ofMillis(Math.max(0, config.pin_wait_ms()));
        // service.ranking is left to the orchestrator: read as an int here, bad text would fail the component
        LOG.info("Off-heap memory manager: default quota {} bytes, pin wait {} ms", accounts.defaultQuota(),
                pinWait.toMillis());
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0 || stats.hasErrors()) {
            LOG.info("Stopping freed {} allocations ({} bytes), {} failed: {}", stats.resourcesFreed(),
                    stats.bytesFreed(), stats.errorsEncountered(), stats.errors());
        }
    }

    @Override
    public Lease<Allocation> allocate(Pid pid, int bytes) {
        Objects.requireNonNull(pid, "pid");
        if (bytes <= 0) {
            throw new IllegalArgumentException("pid " + pid + " cannot allocate " + bytes
                    + " bytes: the size must be positive");
        }
        DirectBuffers.checkAvailable();
        // refused before anything is counted, so a stopped process leaves no account behind
        if (ledger().isClosed()) {
            throw new IllegalStateException(MemoryManager.TYPE + " is stopped: no memory can be allocated for pid " + pid);
        }
        gate.checkAdmits(pid);
        Reservation reservation = accounts.reserve(pid, bytes);
        try {
            return ledger().acquire(pid, () -> new DirectAllocation(reservation, allocateDirect(pid, bytes), quarantine()));
        } finally {
            reservation.cancelUnlessTaken();
        }
    }

    /** A 4 KiB allocation, counted against the pid's quota like any other. */
    @Override
    protected boolean sample(Pid pid) {
        allocate(pid, SAMPLE_BYTES);
        return true;
    }

    @Override
    public long free(Pid caller, Lease<Allocation> lease) {
        Objects.requireNonNull(lease, "lease");
        return ledger().release(caller, lease);
    }

    @Override
    public long used(Pid pid) {
        return accounts.used(pid);
    }

    @Override
    public long quota(Pid pid) {
        return accounts.quota(pid);
    }

    /** Freeing native memory never waits, unless code still pins it: then it waits up to the pin wait. */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return ledger().holdsAny(pid, allocation -> ((DirectAllocation) allocation).region().pins() > 0);
    }

    /** Waits once for the pins of all the pid's allocations, then frees each or quarantines it. */
    @Override
    protected CleanupStats cleanup(Pid pid) {
        awaitUnpinned(pid, allocation -> ((DirectAllocation) allocation).region(), pinWait);
        CleanupStats stats = super.cleanup(pid);
        accounts.retireIdle(pid);
        return stats;
    }

    @Override
    protected CleanupStats shutdown() {
        awaitAllUnpinned(allocation -> ((DirectAllocation) allocation).region(), pinWait);
        CleanupStats stats = super.shutdown();
        accounts.retireAllIdle();
        return stats;
    }

    @Override
    protected void release(Allocation allocation) {
        ((DirectAllocation) allocation).free(pinWait);
    }

    @Override
    protected long sizeOf(Allocation allocation) {
        return allocation.size();
    }

    /** Sets how long a release waits for pins; for plain Java and tests. */
    void pinWait(Duration wait) {
        pinWait = wait;
    }

    /** The quota book, for tests of its upkeep. */
    Accounts accounts() {
        return accounts;
    }

    private OptionalLong quotaFromSpec(Pid pid) {
        ProcessManager manager = processes;
        return manager == null ? OptionalLong.empty() : MemoryManager.quotasOf(manager).apply(pid);
    }

    private static ByteBuffer allocateDirect(Pid pid, int bytes) {
        try {
            return ByteBuffer.allocateDirect(bytes);
        } catch (OutOfMemoryError e) {
            // the JVM's signal for an exhausted direct memory limit: the platform itself is fine
            throw new IllegalStateException("pid " + pid + " cannot allocate " + bytes
                    + " bytes: the JVM's direct memory is exhausted (" + e.getMessage() + ")", e);
        }
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends MemoryManagerImpl implements CloseableMemoryManager {

        public Embedded(ProcessGate gate, long defaultQuotaBytes, Function<Pid, OptionalLong> quotaLookup) {
            super(gate, defaultQuotaBytes, quotaLookup);
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
