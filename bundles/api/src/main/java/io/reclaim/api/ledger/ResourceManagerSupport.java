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
import io.reclaim.api.ResourceLimitExceededException;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;

/**
 * Base class of a resource manager: it owns a {@link ResourceLedger} and builds the
 * {@link ResourceCleanup} handler of its type, so a subclass writes only how to acquire and release.
 *
 * <p>The manager itself is not a {@code ResourceCleanup}: the handler is a separate object that
 * only the subclass reaches ({@link #cleanupHandler()}), so whoever holds the owners' service
 * (or casts it to this class) cannot clean up another pid's resources. In OSGi the component
 * registers the handler itself with {@link CleanupRegistration}; in plain Java the owner's handle
 * hands it to the orchestrator's builder.
 *
 * <pre>{@code
 * @Component(service = FileManager.class, immediate = true)
 * @ResourceType(reclaim_resource_type = "files", service_ranking = ResourceCleanup.RANKING_FILES)
 * public class FileManagerImpl extends ResourceManagerSupport<FileChannel> implements FileManager {
 *     private CleanupRegistration registration;
 *
 *     @Activate
 *     public FileManagerImpl(BundleContext context, @Reference ProcessGate gate, Map<String, Object> properties) {
 *         super("files", gate);
 *         registration = CleanupRegistration.register(context, cleanupHandler(), properties);
 *     }
 *
 *     @Modified   // a new service.ranking reaches the handler's registration
 *     void modified(Map<String, Object> properties) { registration.update(properties); }
 *
 *     protected void release(FileChannel channel) throws IOException { channel.close(); }
 *
 *     @Deactivate
 *     void deactivate() { registration.unregister(); shutdown(); }
 * }
 * }</pre>
 *
 * <p>Make the component immediate. The orchestrator binds every cleanup handler as it appears;
 * a delayed component would be activated inside that bind, its activation would need the process
 * manager's gate, and a process manager not yet active would need the orchestrator: Felix SCR
 * sees a circular activation there and drops the binding for good.
 *
 * @param <R> the resource type
 */
public abstract class ResourceManagerSupport<R> {

    private final ResourceLedger<R> ledger;
    private final Quarantine quarantine = new Quarantine();
    private final ResourceCleanup handler = new Handler();
    private volatile boolean inheritable = true;

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

    /** As {@link #awaitUnpinned(Pid, Function, Duration)} for every pid: before {@link #shutdown()}. */
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
     * Applies the settings every resource type has ({@link LedgerSettings}) from its component's
     * configuration, or any map. Absent keys take their defaults. Every value is checked before
     * any is applied.
     *
     * @throws IllegalArgumentException naming the key and the value, if one is malformed; nothing changes
     */
    protected final void configureLedger(Map<String, ?> properties) {
        LedgerSettings.Values values = LedgerSettings.read(properties);
        ledger.configureTracking(values.tracking(), values.sample());
        ledger.reportHeldLongerThan(values.heldTooLong());
        ledger.configureLimit(values.limit());
        inheritable = values.inherit();
    }

    /** For {@link CleanupRegistration}: the settings every type has, applied to the manager behind {@code handler}. */
    static boolean configure(ResourceCleanup handler, Map<String, ?> properties) {
        if (handler instanceof ResourceManagerSupport<?>.Handler) {
            ((ResourceManagerSupport<?>.Handler) handler).manager().configureLedger(properties);
            return true;
        }
        return false;
    }

    /**
     * Releases everything this manager still tracks, for every pid, and refuses later
     * acquisitions. Call it from the component's deactivate method, after unregistering the
     * handler; an embedded manager's owner calls it through its closeable handle.
     */
    protected CleanupStats shutdown() {
        return ledger.close();
    }

    /**
     * The cleanup handler of this type: one object per manager, delegating to the methods below.
     * Protected, and not final only so that a plain-Java handle ({@code CloseableFileManager}...)
     * can make it public to the manager's creator.
     */
    protected ResourceCleanup cleanupHandler() {
        return handler;
    }

    protected final String resourceType() {
        return ledger.type();
    }

    /** @see ResourceCleanup#cleanup(Pid) */
    protected CleanupStats cleanup(Pid pid) {
        return ledger.cleanup(pid);
    }

    /**
     * Hands what the type allows to {@code heir}, and releases the rest through
     * {@link #cleanup(Pid)}, so a subclass's own cleanup still runs for what is left.
     *
     * @see ResourceCleanup#cleanup(Pid, Pid)
     */
    protected CleanupStats cleanup(Pid pid, Pid heir) {
        if (heir == null || !inheritable) {
            return cleanup(pid);
        }
        return ledger.inherit(pid, heir).plus(cleanup(pid));
    }

    /** @see ResourceCleanup#transferAll(Pid, Pid) */
    protected long transferAll(Pid from, Pid to) {
        if (!ledger.allowsTransfers()) {
            throw new UnsupportedOperationException(ledger.type() + " resources cannot change hands");
        }
        ledger.checkAdmitsTransferTo(to);
        long moved = 0;
        for (Lease<? extends R> lease : ledger.leases(from)) {
            try {
                ledger.transfer(from, to, lease);
                moved++;
            } catch (ResourceLimitExceededException e) {
                throw e;
            } catch (ProcessNotRunningException e) {
                if (moved == 0) {
                    throw e;
                }
                break; // the target ended meanwhile: the rest stays with its owner
            } catch (IllegalStateException e) {
                // released by its owner meanwhile: nothing to hand over
            }
        }
        return moved;
    }

    /** @see ResourceCleanup#limit(Pid) */
    protected ResourceLimit limit(Pid pid) {
        return ledger.limitOf(pid);
    }

    /** @see ResourceCleanup#resources(Pid) */
    protected List<HeldResource> resources(Pid pid) {
        return ledger.describe(pid);
    }

    /** @see ResourceCleanup#heldTooLong() */
    protected List<HeldResource> heldTooLong() {
        return ledger.heldTooLong();
    }

    /** @see ResourceCleanup#cleanupMayBlock(Pid) */
    protected boolean cleanupMayBlock(Pid pid) {
        return true;
    }

    /** @see ResourceCleanup#hasResources(Pid) */
    protected boolean hasResources(Pid pid) {
        return ledger.has(pid);
    }

    /** @see ResourceCleanup#usage(Pid) */
    protected ResourceUsage usage(Pid pid) {
        return ledger.usage(pid);
    }

    /** @see ResourceCleanup#owners() */
    protected List<Pid> owners() {
        return ledger.owners();
    }

    /** @see ResourceCleanup#totals() */
    protected ResourceTotals totals() {
        return ledger.totals().withQuarantine(quarantine.regions(), quarantine.bytes());
    }

    /** @see ResourceCleanup#sample(Pid) */
    protected boolean sample(Pid pid) throws Exception {
        return false;
    }

    /** The handler: the SPI side of this manager, reachable only through {@link #cleanupHandler()}. */
    private final class Handler implements ResourceCleanup {

        @Override
        public String resourceType() {
            return ResourceManagerSupport.this.resourceType();
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            return ResourceManagerSupport.this.cleanup(pid);
        }

        @Override
        public CleanupStats cleanup(Pid pid, Pid heir) {
            return ResourceManagerSupport.this.cleanup(pid, heir);
        }

        @Override
        public long transferAll(Pid from, Pid to) {
            return ResourceManagerSupport.this.transferAll(from, to);
        }

        @Override
        public ResourceLimit limit(Pid pid) {
            return ResourceManagerSupport.this.limit(pid);
        }

        @Override
        public List<HeldResource> resources(Pid pid) {
            return ResourceManagerSupport.this.resources(pid);
        }

        @Override
        public List<HeldResource> heldTooLong() {
            return ResourceManagerSupport.this.heldTooLong();
        }

        @Override
        public boolean cleanupMayBlock(Pid pid) {
            return ResourceManagerSupport.this.cleanupMayBlock(pid);
        }

        @Override
        public boolean hasResources(Pid pid) {
            return ResourceManagerSupport.this.hasResources(pid);
        }

        @Override
        public ResourceUsage usage(Pid pid) {
            return ResourceManagerSupport.this.usage(pid);
        }

        @Override
        public List<Pid> owners() {
            return ResourceManagerSupport.this.owners();
        }

        @Override
        public ResourceTotals totals() {
            return ResourceManagerSupport.this.totals();
        }

        @Override
        public boolean sample(Pid pid) throws Exception {
            return ResourceManagerSupport.this.sample(pid);
        }

        ResourceManagerSupport<R> manager() {
            return ResourceManagerSupport.this;
        }

        @Override
        public String toString() {
            return "cleanup of " + ResourceManagerSupport.this;
        }
    }
}
