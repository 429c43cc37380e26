package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;

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

    protected ResourceManagerSupport(String resourceType, ProcessGate gate) {
        this.ledger = new ResourceLedger<>(resourceType, gate, this::release, this::sizeOf);
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
