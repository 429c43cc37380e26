package io.reclaim.zerocopy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
import io.reclaim.api.journal.Journals;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.ZeroCopyManager;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.zerocopy.CloseableZeroCopyManager;

/**
 * The zero-copy ring manager. Every ring file it creates is recorded in the journal until it is
 * released; {@link RingReclaimer} deletes those a JVM that died left.
 */
@Component(name = "io.reclaim.zerocopy", service = ZeroCopyManager.class, immediate = true)
@ResourceType(reclaim_resource_type = ZeroCopyManager.TYPE, service_ranking = ResourceCleanup.RANKING_ZEROCOPY)
@Designate(ocd = ZeroCopyConfig.class)
public class ZeroCopyManagerImpl extends ResourceManagerSupport<Ring> implements ZeroCopyManager {

    private static final Logger LOG = LoggerFactory.getLogger(ZeroCopyManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    /** The start of the name of every sample ring. */
    static final String SAMPLE_PREFIX = "selftest-";

    private final ProcessStart self = ProcessStart.current();
    private final AtomicLong samples = new AtomicLong();
    private final Journal journal;
    /** The journal record of each ring this manager created, until the ring is released. */
    private final Map<Ring, JournalEntry> recorded = new ConcurrentHashMap<>();
    private volatile Path directory;
    private volatile Duration pinWait = Duration.ofSeconds(2);

    @Activate
    public ZeroCopyManagerImpl(BundleContext context,
            @Reference ProcessGate gate, @Reference Journal journal, ZeroCopyConfig config, Map<String, Object> properties) {
        super(TYPE, gate);
        this.journal = journal;
        configure(config);
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    /** For plain Java: rings in {@code directory}, recorded in no journal. */
    public ZeroCopyManagerImpl(ProcessGate gate, Path directory) {
        this(gate, directory, Journals.inMemory());
    }

    /** For plain Java: rings in {@code directory}, recorded in {@code journal}. */
    public static Embedded recordedIn(Journal journal, ProcessGate gate, Path directory) {
        return new Embedded(gate, directory, journal);
    }

    /**
     * Not public: SCR picks the activation constructor among the public ones by its number of
     * parameters, and this one has as many as the component's, so SCR sometimes tried it and
     * logged "Constructor argument 1 ... has unsupported type java.nio.file.Path".
     */
    ZeroCopyManagerImpl(ProcessGate gate, Path directory, Journal journal) {
        super(TYPE, gate);
        this.journal = journal;
        useDirectory(directory);
    }

    @Modified
    void modified(ZeroCopyConfig config, Map<String, Object> properties) {
        configure(config);
        registration.update(properties);
    }

    private void configure(ZeroCopyConfig config) {
        pinWait = Duration.ofMillis(Math.max(0, config.pin_wait_ms()));
        String configured = config.directory().trim();
        useDirectory(configured.isEmpty() ? RingFiles.defaultDirectory() : Path.of(configured));
    }

    private void useDirectory(Path candidate) {
        Path absolute = candidate.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("the zerocopy ring directory " + absolute + " cannot be created: " + e.getMessage(), e);
        }
        directory = absolute;
        LOG.debug("Zero-copy rings live in {}", absolute);
    }

    @Deactivate
    void deactivate() {
        registration.unregister(); // out of every cleanup before it lets go of what it holds
        shutdown();
    }

    @Override
    protected CleanupStats shutdown() {
        awaitAllUnpinned(ring -> ((MappedRing) ring).region(), pinWait);
        return super.shutdown();
    }

    /** Waits once for the claim pins on all the pid's rings, then unmaps each or quarantines it. */
    @Override
    protected CleanupStats cleanup(Pid pid) {
        awaitUnpinned(pid, ring -> ((MappedRing) ring).region(), pinWait);
        return super.cleanup(pid);
    }

    /** Sets how long a release waits for pins; for plain Java and tests. */
    void pinWait(Duration wait) {
        pinWait = wait;
    }

    @Override
    public Lease<Ring> create(Pid owner, String name, int capacity) {
        Path dir = directory;
        Path file = RingFiles.file(dir, name);
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("a ring's capacity is a power of two from " + MIN_CAPACITY + " to "
                    + MAX_CAPACITY + " bytes, got " + capacity);
        }
        Lease<Ring> lease = ledger().acquire(owner,
                () -> record(owner, MappedRing.create(file, name, capacity, self, quarantine())));
        LOG.debug("pid {} created {}", owner, lease);
        return lease;
    }

    /**
     * A ring of the smallest capacity. Its name holds this JVM's OS pid as well as the pid and a
     * counter: JVMs that share the ring directory must not pick the same name.
     */
    @Override
    protected boolean sample(Pid pid) {
        create(pid, SAMPLE_PREFIX + self.pid() + "-" + pid.value() + "-" + samples.incrementAndGet(), MIN_CAPACITY);
        return true;
    }

    @Override
    public Lease<Ring> attach(Pid pid, String name) {
        Path file = RingFiles.file(directory, name);
        Lease<Ring> lease = ledger().acquire(pid, () -> MappedRing.attach(file, name, quarantine()));
        LOG.debug("pid {} attached to {}", pid, lease);
        return lease;
    }

    @Override
    public long release(Pid caller, Lease<Ring> ring) {
        return ledger().release(caller, ring);
    }

    @Override
    public Path directory() {
        return directory;
    }

    /** Records a ring this JVM created; a ring that cannot be recorded is not kept, or a crash would leave it unnoticed. */
    private MappedRing record(Pid owner, MappedRing ring) {
        try {
            recorded.put(ring, journal.record(TYPE, owner, Map.of(RingReclaimer.FILE, ring.file().toString())));
        } catch (RuntimeException | Error e) { // the journal is another bundle's: release first, whatever it threw
            ring.release(Duration.ZERO); // just made: nobody can hold a pin on it yet
            throw e;
        }
        return ring;
    }

    @Override
    protected void release(Ring ring) {
        ((MappedRing) ring).release(pinWait);
        JournalEntry entry = recorded.remove(ring);
        if (entry != null) {
            journal.remove(entry);
        }
    }

    @Override
    protected long sizeOf(Ring ring) {
        return ring.mappedBytes();
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends ZeroCopyManagerImpl implements CloseableZeroCopyManager {

        public Embedded(ProcessGate gate, Path directory, Journal journal) {
            super(gate, directory, journal);
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
