package io.reclaim.files.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ReleaseFailedException;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.files.FileManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.files.CloseableFileManager;

/** The {@link FileManager}: real {@link FileChannel}s in the shared ownership ledger. */
@Component(name = "io.reclaim.files", service = FileManager.class, immediate = true)
@ResourceType(reclaim_resource_type = FileManager.TYPE, service_ranking = ResourceCleanup.RANKING_FILES)
@Designate(ocd = FilesConfiguration.class)
public class FileManagerImpl extends ResourceManagerSupport<FileChannel> implements FileManager {

    private static final Logger LOG = LoggerFactory.getLogger(FileManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    /** The start of the name of every sample file. */
    static final String SAMPLE_PREFIX = "reclaim-sample-";

    private final FileSystems fileSystems;
    /** Open channels whose close may wait on a server or a daemon (network, FUSE); usually none. */
    private final Set<FileChannel> mayBlock = ConcurrentHashMap.newKeySet();

    /** Plain Java; see {@link FileManager#create(ProcessGate)}. */
    public FileManagerImpl(ProcessGate gate) {
        this(gate, FileSystems.ofThisProcess());
    }

    FileManagerImpl(ProcessGate gate, FileSystems fileSystems) {
        super(TYPE, gate);
        this.fileSystems = fileSystems;
        ledger().allowTransfers(true); // an open channel holds nothing of its owner: it may change hands
    }

    @Activate
    public FileManagerImpl(BundleContext context,
            @Reference ProcessGate gate, FilesConfiguration config, Map<String, Object> properties) {
        this(gate);
        configure(config);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /**
     * Without this method SCR would deactivate the component on a configuration change, and
     * deactivation closes every file of every pid. A new ranking reaches the handler's registration
     * through registration.update; nothing here depends on it.
     */
    @Modified
    void modified(FilesConfiguration config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(FilesConfiguration config) {
        // service.ranking is the orchestrator's to read (text included): as an int here, bad
        // text would fail the component and take the handler out of every cleanup
        LOG.debug("{}: configured", TYPE);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, closed {} files that processes still held", TYPE, stats.resourcesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public Lease<FileChannel> open(Pid pid, Path path, OpenOption... options) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(path, "a path is required");
        FileSystems.Stat stat = FileSystems.stat(path); // one stat tells the directory and the file system
        if (fileSystems.closeCannotBlock(stat.device())) {
            return ledger().acquire(pid, () -> FileOpener.open(path, stat.directory(), options));
        }
        // marked before the ledger tracks it, so a cleanup that sweeps it always asks in time
        return ledger().acquire(pid, () -> {
            FileChannel channel = FileOpener.open(path, stat.directory(), options);
            mayBlock.add(channel);
            return channel;
        });
    }

    /**
     * Only a file on a network or FUSE file system can make a close wait without bound; a pid
     * holding none is cleaned up on the ending thread, without a hand-off.
     */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return !mayBlock.isEmpty() && ledger().holdsAny(pid, mayBlock::contains);
    }

    @Override
    public void close(Pid pid, Lease<FileChannel> handle) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(handle, "a file handle is required");
        try {
            ledger().release(pid, handle);
        } catch (ReleaseFailedException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    /**
     * Opens a new, empty file in {@code java.io.tmpdir}. CREATE_NEW on a name nobody else can
     * guess creates the file only once the gate has admitted the pid, so a refused sample leaves
     * nothing behind; DELETE_ON_CLOSE removes the file with its descriptor (on Linux the name is
     * gone at once, the descriptor stays open until the pid's cleanup closes it).
     */
    @Override
    protected boolean sample(Pid pid) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"))
                .resolve(SAMPLE_PREFIX + pid.value() + "-" + UUID.randomUUID() + ".tmp");
        open(pid, file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        return true;
    }

    @Override
    protected void release(FileChannel channel) throws IOException {
        if (!mayBlock.isEmpty()) {
            mayBlock.remove(channel);
        }
        channel.close();
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends FileManagerImpl implements CloseableFileManager {

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
