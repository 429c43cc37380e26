package io.reclaim.mmap.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
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

import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.Quarantine;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MappedRegion;
import io.reclaim.mmap.MmapManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.mmap.CloseableMmapManager;

/** Maps file regions through {@link FileChannel#map} and unmaps them through {@link DirectBuffers}. */
@Component(name = "io.reclaim.mmap", service = MmapManager.class, immediate = true)
@ResourceType(reclaim_resource_type = MmapManager.TYPE, service_ranking = ResourceCleanup.RANKING_MMAP)
@Designate(ocd = MmapConfig.class)
public class MmapManagerImpl extends ResourceManagerSupport<MappedRegion> implements MmapManager {

    private static final Logger LOG = LoggerFactory.getLogger(MmapManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    /** The start of the name of every sample's file. */
    static final String SAMPLE_PREFIX = "reclaim-sample-";

    private static final int SAMPLE_BYTES = 4096;

    /** Below the orchestrator's default handler timeout, so a cleanup reports its quarantine itself. */
    static final Duration DEFAULT_PIN_WAIT = Duration.ofSeconds(2);

    private volatile Duration pinWait = DEFAULT_PIN_WAIT;

    @Activate
    public MmapManagerImpl(BundleContext context,
            @Reference ProcessGate gate, MmapConfig config, Map<String, Object> properties) {
        this(gate);
        configure(config);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    public MmapManagerImpl(ProcessGate gate) {
        super(MmapManager.TYPE, gate);
    }

    @Modified
    void modified(MmapConfig config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(MmapConfig config) {
        // DS republishes service.ranking itself and the orchestrator reads it (text included);
        // reading it here as an int would fail the component on a ranking given as bad text
        pinWait = Duration.ofMillis(Math.max(0, config.pin_wait_ms()));
        LOG.info("Memory mappings manager: pin wait {} ms", pinWait.toMillis());
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0 || stats.hasErrors()) {
            LOG.info("Stopping unmapped {} regions ({} bytes), {} failed: {}", stats.resourcesFreed(),
                    stats.bytesFreed(), stats.errorsEncountered(), stats.errors());
        }
    }

    @Override
    protected CleanupStats shutdown() {
        awaitAllUnpinned(region -> ((Mapping) region).region(), pinWait);
        return super.shutdown();
    }

    /** Waits once for the pins of all the pid's regions, then unmaps each or quarantines it. */
    @Override
    protected CleanupStats cleanup(Pid pid) {
        awaitUnpinned(pid, region -> ((Mapping) region).region(), pinWait);
        return super.cleanup(pid);
    }

    /** Sets how long a release waits for pins; for plain Java and tests. */
    void pinWait(Duration wait) {
        pinWait = wait;
    }

    @Override
    public Lease<MappedRegion> map(Pid pid, Path file, MapAccess access, long offset, long length)
            throws IOException {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(access, "access");
        Region.check(file, offset, length);
        DirectBuffers.checkAvailable();
        Lease<MappedRegion> lease = ledger().acquire(pid, () -> open(file, access, offset, length, quarantine()));
        LOG.debug("Mapped {}", lease);
        return lease;
    }

    @Override
    public Lease<MappedRegion> map(Pid pid, Path file, MapAccess access) throws IOException {
        Objects.requireNonNull(file, "file");
        long size = Files.size(Region.existing(file));
        if (size == 0) {
            throw new IllegalArgumentException("cannot map " + file + ": the file is empty");
        }
        return map(pid, file, access, 0, size);
    }

    /**
     * A 4 KiB {@link MapAccess#SHARED} mapping of a new temporary file, deleted as soon as it is
     * mapped: on Linux the pages stay mapped, and nothing is left on disk whatever happens later.
     */
    @Override
    protected boolean sample(Pid pid) throws IOException {
        Objects.requireNonNull(pid, "pid");
        Path file = Files.createTempFile(SAMPLE_PREFIX + pid.value() + "-", ".map");
        try {
            map(pid, file, MapAccess.SHARED, 0, SAMPLE_BYTES);
        } finally {
            Files.deleteIfExists(file);
        }
        return true;
    }

    @Override
    public long unmap(Pid caller, Lease<MappedRegion> lease) {
        Objects.requireNonNull(lease, "lease");
        return ledger().release(caller, lease);
    }

    /**
     * A shared read-write mapping is forced to its file ({@code msync}) before it is unmapped,
     * which waits for the disk and can stall on NFS or FUSE; unmapping a read-only or private
     * mapping writes nothing back and never waits. A region that running code still pins makes the
     * cleanup wait for that code, up to the pin wait.
     */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return ledger().holdsAny(pid, region -> region.access() == MapAccess.SHARED || ((Mapping) region).region().pins() > 0);
    }

    @Override
    protected void release(MappedRegion region) {
        ((Mapping) region).unmap(pinWait);
    }

    @Override
    protected long sizeOf(MappedRegion region) {
        return region.length();
    }

    private static Mapping open(Path file, MapAccess access, long offset, long length, Quarantine quarantine)
            throws IOException {
        Region.existing(file);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot map " + file + ": not a regular file");
        }
        // the mapping outlives the channel: closing it here leaves the region holding no descriptor
        try (FileChannel channel = FileChannel.open(file, openOptions(access))) {
            if (access != MapAccess.SHARED) {
                Region.checkWithin(file, offset, length, channel.size());
            }
            MappedByteBuffer mapped = channel.map(mapMode(access), offset, length);
            return new Mapping(file, access, offset, mapped, quarantine);
        }
    }

    private static Set<OpenOption> openOptions(MapAccess access) {
        return access == MapAccess.READ_ONLY
                ? Set.of(StandardOpenOption.READ)
                : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static FileChannel.MapMode mapMode(MapAccess access) {
        return switch (access) {
            case READ_ONLY -> FileChannel.MapMode.READ_ONLY;
            case SHARED -> FileChannel.MapMode.READ_WRITE;
            case PRIVATE -> FileChannel.MapMode.PRIVATE;
        };
    }

    /** The checks on a requested region, each failing with one line that says what is wrong. */
    private static final class Region {

        static void check(Path file, long offset, long length) {
            if (offset < 0) {
                throw new IllegalArgumentException("cannot map " + file + " at offset " + offset
                        + ": the offset must not be negative");
            }
            if (length <= 0) {
                throw new IllegalArgumentException("cannot map " + length + " bytes of " + file
                        + ": the length must be positive");
            }
            if (length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("cannot map " + length + " bytes of " + file
                        + ": a region holds at most " + Integer.MAX_VALUE + " bytes");
            }
            if (offset > Long.MAX_VALUE - length) {
                throw new IllegalArgumentException("cannot map " + length + " bytes of " + file
                        + " at offset " + offset + ": the region ends past the largest file offset");
            }
        }

        static void checkWithin(Path file, long offset, long length, long size) {
            if (offset + length > size) {
                throw new IllegalArgumentException("cannot map bytes " + offset + " to " + (offset + length)
                        + " of " + file + ": the file has only " + size + " bytes");
            }
        }

        static Path existing(Path file) throws NoSuchFileException {
            if (Files.notExists(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file to map");
            }
            return file;
        }
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends MmapManagerImpl implements CloseableMmapManager {

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
