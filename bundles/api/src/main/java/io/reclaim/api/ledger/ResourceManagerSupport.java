package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.HeldResource;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.Tracking;

/**
 * Base class of a resource manager: it owns a {@link ResourceLedger} and is the
 * {@link ResourceCleanup} for its type, so a subclass writes only how to acquire and release.
 *
 * <pre>{@code
 * @Component(service = {FileManager.class, ResourceCleanup.class}, immediate = true)
 * @ResourceType(reclaim_resource_type = "files", service_ranking = ResourceCleanup.RANKING_FILES)
 * public class FileManagerImpl extends ResourceManagerSupport<FileChannel> implements FileManager {
 *     @Activate
 *     public FileManagerImpl(@Reference ProcessGate gate) { super("files", gate); }
 *
 *     protected void release(FileChannel channel) throws IOException { channel.close(); }
 *
 *     @Deactivate
 *     void deactivate() { close(); }
 * }
 * }</pre>
 *
 * <p>Make the component immediate. The orchestrator binds every cleanup handler as it appears;
 * a delayed handler would be activated inside that bind, its activation would need the process
 * manager's gate, and a process manager not yet active would need the orchestrator: Felix SCR
 * sees a circular activation there and drops the binding for good.
 *
 * @param <R> the resource type
 */
public abstract class ResourceManagerSupport<R> implements ResourceCleanup {

    private final ResourceLedger<R> ledger;
    private final Quarantine quarantine = new Quarantine();
    private volatile boolean inheritable = true;

    /** Configuration property: seconds a running pid may hold one resource before it is reported as held too long. */
    public static final String HELD_TOO_LONG = "reclaim.heldTooLong";

    /** Configuration property: whether an heir gets this type's resources when their owner ends (for types that allow transfers). */
    public static final String INHERIT = "reclaim.inherit";

    protected ResourceManagerSupport(String resourceType, ProcessGate gate) {
        this.ledger = new ResourceLedger<>(resourceType, gate, this::release, this::sizeOf);
        ledger.leaveOutOfSites(getClass().getPackageName());
    }

    /** Releases one resource for real. Called at most once per resource. */
    protected abstract void release(R resource) throws Exception;

    /** @return the size of a resource in bytes; 0 (the default) for types without one */
    protected long sizeOf(R resource) {
        return 0;
    }

    protected final ResourceLedger<R> ledger() {
        return ledger;
    }

    /** Where this type's {@link PinnedRegion}s are counted while quarantined; reported in {@link #totals()}. */
    protected final Quarantine quarantine() {
        return quarantine;
    }

    /**
     * For a type whose resources are {@link PinnedRegion}s: refuses new pins on every region
     * {@code pid} holds and waits once, up to {@code wait}, for the pins held. Call it before the
     * ledger's cleanup, whose releases then free or quarantine each region at once.
     */
    protected final void awaitUnpinned(Pid pid, Function<? super R, PinnedRegion> regionOf,
            Duration wait) {
        List<PinnedRegion> regions = new ArrayList<>();
        addRegions(pid, regionOf, regions);
        PinnedRegion.awaitUnpinned(regions, wait);
    }

    /** As {@link #awaitUnpinned(Pid, Function, Duration)} for every pid: before {@link #close()}. */
    protected final void awaitAllUnpinned(Function<? super R, PinnedRegion> regionOf,
            Duration wait) {
        List<PinnedRegion> regions = new ArrayList<>();
        for (Pid pid : ledger.owners()) {
            addRegions(pid, regionOf, regions);
        }
        PinnedRegion.awaitUnpinned(regions, wait);
    }

    private void addRegions(Pid pid, Function<? super R, PinnedRegion> regionOf,
            List<PinnedRegion> regions) {
        for (Lease<? extends R> lease : ledger.leases(pid)) {
            PinnedRegion region = regionOf.apply(lease.resource());
            if (region != null) {
                regions.add(region);
            }
        }
    }

    /**
     * Applies the settings every resource type has, from its component's configuration (or any
     * map): {@value io.reclaim.api.Tracking#PROPERTY} ({@code off}, {@code sampled}, {@code all}),
     * {@value io.reclaim.api.Tracking#SAMPLE_PROPERTY} (one in N), {@value #HELD_TOO_LONG}
     * (seconds; 0 is off), the default limits per pid
     * {@value io.reclaim.api.ResourceLimit#COUNT_PROPERTY} and {@value io.reclaim.api.ResourceLimit#BYTES_PROPERTY}
     * and, for a type that allows transfers, {@value #INHERIT}. Absent keys
     * keep their defaults. Every value is checked before any is applied.
     *
     * @throws IllegalArgumentException naming the key and the value, if one is malformed; nothing changes
     */
    protected final void configureLedger(Map<String, ?> properties) {
        Object level = properties.get(Tracking.PROPERTY);
        Tracking tracking = level == null ? Tracking.OFF : Tracking.parse(level.toString());
        int sample = (int) number(properties, Tracking.SAMPLE_PROPERTY, Tracking.DEFAULT_SAMPLE, 1, Integer.MAX_VALUE);
        long heldTooLong = number(properties, HELD_TOO_LONG, 0, 0, Long.MAX_VALUE / 1_000_000_000L);
        ResourceLimit limit = new ResourceLimit(
                number(properties, ResourceLimit.COUNT_PROPERTY, Long.MAX_VALUE, 0, Long.MAX_VALUE),
                number(properties, ResourceLimit.BYTES_PROPERTY, Long.MAX_VALUE, 0, Long.MAX_VALUE));
        Object inherit = properties.get(INHERIT);
        if (inherit != null && !"true".equalsIgnoreCase(inherit.toString().trim())
                && !"false".equalsIgnoreCase(inherit.toString().trim())) {
            throw new IllegalArgumentException(INHERIT + " must be true or false, not '" + inherit + "'");
        }
        ledger.configureTracking(tracking, sample);
        ledger.reportHeldLongerThan(Duration.ofSeconds(heldTooLong));
        ledger.configureLimit(limit);
        inheritable = inherit == null || Boolean.parseBoolean(inherit.toString().trim());
    }

    private static long number(Map<String, ?> properties, String key, long absent, long min, long max) {
        Object value = properties.get(key);
        if (value == null) {
            return absent;
        }
        try {
            long number = value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /**
     * Releases everything this manager still tracks, for every pid, and refuses later
     * acquisitions. Call it from the component's deactivate method.
     */
    protected CleanupStats close() {
        return ledger.close();
    }

    @Override
    public final String resourceType() {
        return ledger.type();
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        return ledger.cleanup(pid);
    }

    @Override
    public CleanupStats cleanup(Pid pid, Pid heir) {
        return inheritable ? ledger.inherit(pid, heir) : ledger.cleanup(pid);
    }

    @Override
    public long transferAll(Pid from, Pid to) {
        if (!ledger.allowsTransfers()) {
            throw new UnsupportedOperationException(ledger.type() + " resources cannot change hands");
        }
        ledger.checkAdmitsTransferTo(to);
        long moved = 0;
        for (Lease<? extends R> lease : ledger.leases(from)) {
            try {
                ledger.transfer(from, to, lease);
                moved++;
            } catch (ProcessNotRunningException e) {
                if (moved == 0) {
                    throw e;
                }
                break; // the target ended meanwhile: the rest stays with its owner
            } catch (IllegalStateException e) {
                if (e instanceof io.reclaim.api.ResourceLimitExceededException) {
                    throw e;
                }
                // released by its owner meanwhile: nothing to hand over
            }
        }
        return moved;
    }

    @Override
    public ResourceLimit limit(Pid pid) {
        return ledger.limitOf(pid);
    }

    @Override
    public List<HeldResource> resources(Pid pid) {
        return ledger.describe(pid);
    }

    @Override
    public List<HeldResource> heldTooLong() {
        return ledger.heldTooLong();
    }

    @Override
    public boolean hasResources(Pid pid) {
        return ledger.has(pid);
    }

    @Override
    public ResourceUsage usage(Pid pid) {
        return ledger.usage(pid);
    }

    @Override
    public List<Pid> owners() {
        return ledger.owners();
    }

    @Override
    public ResourceTotals totals() {
        return ledger.totals().withQuarantine(quarantine.regions(), quarantine.bytes());
    }
}
