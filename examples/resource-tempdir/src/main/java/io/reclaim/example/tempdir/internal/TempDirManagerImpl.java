package io.reclaim.example.tempdir.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
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
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ReleaseFailedException;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.example.tempdir.TempDirManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.example.tempdir.CloseableTempDirManager;

/**
 * The {@link TempDirManager}. The api's {@link ResourceManagerSupport} does the tracking, the
 * termination gate and the cleanup; this class only creates, measures and deletes directories.
 */
@Component(name = "io.reclaim.example.tempdir", service = TempDirManager.class, immediate = true)
@ResourceType(reclaim_resource_type = TempDirManager.TYPE, service_ranking = TempDirManager.RANKING)
@Designate(ocd = TempDirConfiguration.class)
public class TempDirManagerImpl extends ResourceManagerSupport<Path> implements TempDirManager {

    private static final Logger LOG = LoggerFactory.getLogger(TempDirManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    private static final int MAX_PREFIX = 100;

    private final Path run;
    private final Journal journal;
    /** The journal record of each directory, until it is deleted. */
    private final Map<Path, JournalEntry> recorded = new ConcurrentHashMap<>();

    /** Plain Java; see {@link TempDirManager#create(ProcessGate, Path, Journal)}. */
    public static Embedded recordedIn(Journal journal, ProcessGate gate, Path root) throws IOException {
        return new Embedded(root, gate, journal);
    }

    /* private, and its parameters in another order: SCR must not take it for the @Activate constructor */
    private TempDirManagerImpl(Path root, ProcessGate gate, Journal journal) throws IOException {
        super(TYPE, gate);
        this.journal = journal;
        this.run = RunDirectories.open(root.toAbsolutePath());
        LOG.debug("{}: directories go to {}", TYPE, run);
    }

    @Activate
    public TempDirManagerImpl(BundleContext context,
            @Reference ProcessGate gate, @Reference Journal journal, TempDirConfiguration config, Map<String, Object> properties)
            throws IOException {
        this(rootOf(config), gate, journal);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /**
     * Without this method SCR would deactivate the component on any configuration change, and
     * deactivation deletes the directories of every pid. A new ranking reaches
     * the handler's registration through registration.update; a new root is only read at the next start.
     */
    @Modified
    void modified(TempDirConfiguration config, Map<String, Object> properties) {
        if (!rootOf(config).toAbsolutePath().equals(run.getParent())) {
            LOG.warn("{}: the new root directory {} applies when the component starts again; {} is in use",
                    TYPE, config.root_directory(), run.getParent());
        }
        registration.update(properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        CleanupStats stats = shutdown();
        if (stats.resourcesFreed() > 0) {
            LOG.info("{}: stopped, deleted {} directories ({} bytes) that processes still held",
                    TYPE, stats.resourcesFreed(), stats.bytesFreed());
        }
        stats.errors().forEach(error -> LOG.warn("{}: stopped, {}", TYPE, error));
    }

    @Override
    public Lease<Path> create(Pid pid, String prefix) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        String name = checkPrefix(prefix) + "-" + pid + "-";
        return ledger().acquire(pid, () -> {
            // recreated on demand: someone may have emptied the temporary directory under us
            Files.createDirectories(run);
            return record(pid, Files.createTempDirectory(run, name));
        });
    }

    /** An empty directory named {@code selftest-<pid>-...}. */
    @Override
    protected boolean sample(Pid pid) throws IOException {
        create(pid, "selftest");
        return true;
    }

    @Override
    public long delete(Pid pid, Lease<Path> directory) throws IOException {
        Objects.requireNonNull(pid, "a pid is required");
        Objects.requireNonNull(directory, "a directory handle is required");
        try {
            return ledger().release(pid, directory);
        } catch (ReleaseFailedException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    @Override
    protected CleanupStats shutdown() {
        CleanupStats stats = super.shutdown();
        RunDirectories.closeQuietly(run);
        return stats;
    }

    /** A directory that cannot be recorded is not kept: a crash would leave it unnoticed. */
    private Path record(Pid pid, Path directory) throws IOException {
        try {
            recorded.put(directory, journal.record(TYPE, pid, Map.of(TempDirReclaimer.PATH, directory.toString())));
        } catch (RuntimeException | Error e) { // the journal is another bundle's: delete first, whatever it threw
            DirectoryTrees.delete(directory);
            throw e;
        }
        return directory;
    }

    @Override
    protected void release(Path directory) throws IOException {
        DirectoryTrees.delete(directory);
        JournalEntry entry = recorded.remove(directory);
        if (entry != null) {
            journal.remove(entry);
        }
    }

    /** Measured just before the directory is deleted, so it is what the deletion frees. */
    @Override
    protected long sizeOf(Path directory) {
        return DirectoryTrees.sizeOf(directory);
    }

    private static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX || prefix.contains("..")
                || prefix.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a tempdir prefix is a plain name of 1 to " + MAX_PREFIX
                    + " characters, without '/', '\\' or '..', got " + (prefix == null ? "none" : "'" + prefix + "'"));
        }
        return prefix;
    }

    private static Path rootOf(TempDirConfiguration config) {
        String root = config.root_directory();
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException(TYPE + ": root.directory is empty; name a directory, e.g. "
                    + TempDirConfiguration.TMPDIR + "/reclaim-tempdir");
        }
        return Path.of(root.replace(TempDirConfiguration.TMPDIR, System.getProperty("java.io.tmpdir")));
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends TempDirManagerImpl implements CloseableTempDirManager {

        private Embedded(Path root, ProcessGate gate, Journal journal) throws IOException {
            super(root, gate, journal);
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
