package io.reclaim.ipc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.Map;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.annotations.ResourceType;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.ipc.DeadLetter;
import io.reclaim.ipc.IpcManager;
import io.reclaim.ipc.IpcSettings;
import io.reclaim.ipc.Mailbox;
import io.reclaim.ipc.Message;
import io.reclaim.ipc.NoMailboxException;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.ipc.CloseableIpcManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;

/**
 * The IPC manager. The ledger tracks the mailboxes (one lease each); a map beside it finds a pid's
 * mailbox for senders in O(1). A mailbox enters the map before the ledger tracks it and leaves it
 * when the ledger releases it, so the map never holds a mailbox the ledger has let go.
 */
@Component(name = "io.reclaim.ipc", service = IpcManager.class, immediate = true)
@ResourceType(reclaim_resource_type = IpcManager.TYPE, service_ranking = ResourceCleanup.RANKING_IPC)
@Designate(ocd = Config.class)
public class IpcManagerImpl extends ResourceManagerSupport<Mailbox> implements IpcManager {

    private static final Logger LOG = LoggerFactory.getLogger(IpcManagerImpl.class);

    /** Nothing is registered until the component activates; in plain Java, never. */
    private CleanupRegistration registration = CleanupRegistration.none();

    /** What a sample sends a pid that already has a mailbox. */
    static final String SAMPLE_MESSAGE = "self-test";

    private final ProcessGate gate;
    private final ConcurrentHashMap<Pid, MailboxImpl> mailboxes = new ConcurrentHashMap<>();
    private final DeadLetterOffice deadLetters;
    /*
     * The ledger releases mailboxes through release(Mailbox), on the thread that called cleanup,
     * close or release. That thread's Sweep tells the release why it happens and collects how many
     * messages it dead-lettered, so a cleanup can count them without a second pass over the pid.
     */
    private final ThreadLocal<Sweep> sweep = new ThreadLocal<>();
    private volatile IpcSettings settings;

    @Activate
    public IpcManagerImpl(BundleContext context,
            @Reference ProcessGate gate, Config config, Map<String, Object> properties) {
        this(gate, settings(config));
        // last: the orchestrator may run the handler as soon as it is registered
        registration = CleanupRegistration.register(context, cleanupHandler(), properties);
    }

    public IpcManagerImpl(ProcessGate gate, IpcSettings settings) {
        super(TYPE, gate);
        this.gate = gate;
        this.deadLetters = new DeadLetterOffice(settings.deadLetterCapacity());
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
        shutdown();
    }

    private void configure(IpcSettings newSettings) {
        settings = newSettings;
        deadLetters.resize(newSettings.deadLetterCapacity());
    }

    @Override
    public Lease<Mailbox> open(Pid pid, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a mailbox capacity must be at least 1, got " + capacity);
        }
        return track(new MailboxImpl(pid, capacity));
    }

    @Override
    public Lease<Mailbox> open(Pid pid) {
        return open(pid, settings.defaultCapacity());
    }

    /**
     * Opens the pid's mailbox. A pid that already has one gets a message from itself in it
     * instead, so that the sample still holds something; undelivered, it is dead-lettered with
     * the mailbox like any other.
     */
    @Override
    protected boolean sample(Pid pid) {
        try {
            open(pid);
        } catch (ProcessNotRunningException e) {
            throw e;
        } catch (IllegalStateException e) {
            if (!mailboxes.containsKey(pid)) {
                throw e; // stopped, not a mailbox the pid already has
            }
            send(pid, pid, SAMPLE_MESSAGE);
        }
        return true;
    }

    private Lease<Mailbox> track(MailboxImpl mailbox) {
        Pid pid = mailbox.owner();
        return ledger().acquire(pid, () -> {
            MailboxImpl existing = mailboxes.putIfAbsent(pid, mailbox);
            if (existing != null) {
                throw new IllegalStateException("pid " + pid + " already has a mailbox (capacity "
                        + existing.capacity() + "); release it first");
            }
            return mailbox;
        });
    }

    @Override
    public Optional<Lease<Mailbox>> mailbox(Pid pid) {
        List<Lease<? extends Mailbox>> leases = ledger().leases(pid);
        return leases.isEmpty() ? Optional.empty() : Optional.of(cast(leases.get(0)));
    }

    @Override
    public void send(Pid from, Pid to, Object message) {
        Message sent = message(from, to, message);
        mailboxOf(to).offer(sent);
    }

    @Override
    public void send(Pid from, Pid to, Object message, Duration timeout) throws InterruptedException {
        long nanos = nanos(timeout);
        Message sent = message(from, to, message);
        mailboxOf(to).offer(sent, nanos);
    }

    @Override
    public Optional<Message> receive(Pid pid, Duration timeout) throws InterruptedException {
        long nanos = nanos(timeout);
        return mailboxFor(pid).take(nanos);
    }

    @Override
    public void release(Pid pid, Lease<Mailbox> mailbox) {
        runSweep(new Sweep("released by its owner"), () -> ledger().release(pid, mailbox));
    }

    /** Called by the ledger, exactly once per mailbox: on release, cleanup and close. */
    @Override
    protected void release(Mailbox resource) {
        MailboxImpl mailbox = (MailboxImpl) resource;
        mailboxes.remove(mailbox.owner(), mailbox);
        Sweep current = sweep.get();
        String reason = current == null ? "released" : current.reason;
        List<Message> undelivered = mailbox.close(reason);
        if (undelivered.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        deadLetters.record(undelivered.stream().map(m -> DeadLetter.of(m, now, reason)).toList());
        if (current != null) {
            current.deadLettered += undelivered.size();
        }
        LOG.info("{} undelivered message(s) to pid {} dead-lettered: {}", undelivered.size(), mailbox.owner(), reason);
    }

    /** Closing a mailbox and dead-lettering what it held is bookkeeping under brief locks. */
    @Override
    protected boolean cleanupMayBlock(Pid pid) {
        return false;
    }

    /** Releases the pid's mailbox; the mailbox and each message it dead-lettered count as freed. */
    @Override
    protected CleanupStats cleanup(Pid pid) {
        Sweep cleanup = new Sweep("pid " + pid + " was cleaned up");
        CleanupStats stats = runSweep(cleanup, () -> super.cleanup(pid));
        return stats.plus(CleanupStats.freed(cleanup.deadLettered, 0));
    }

    @Override
    protected CleanupStats shutdown() {
        Sweep stop = new Sweep("ipc stopped");
        CleanupStats stats = runSweep(stop, super::shutdown);
        return stats.plus(CleanupStats.freed(stop.deadLettered, 0));
    }

    @Override
    protected ResourceUsage usage(Pid pid) {
        MailboxImpl mailbox = mailboxes.get(pid);
        int queued = mailbox == null ? 0 : mailbox.size();
        return super.usage(pid).plus(new ResourceUsage(queued, 0));
    }

    @Override
    public List<DeadLetter> deadLetters() {
        return deadLetters.letters();
    }

    @Override
    public long deadLettersEvicted() {
        return deadLetters.evicted();
    }

    /** The receiver's mailbox, for a sender: never opens one. */
    private MailboxImpl mailboxOf(Pid to) {
        if (ledger().isClosed()) {
            throw new IllegalStateException("ipc is stopped: no message can be sent to pid " + to);
        }
        ProcessState state = gate.state(to);
        if (state != ProcessState.RUNNING) {
            throw new NoMailboxException(to, state);
        }
        MailboxImpl mailbox = mailboxes.get(to);
        if (mailbox == null) {
            throw new NoMailboxException(to, state);
        }
        return mailbox;
    }

    /** The owner's mailbox, for a receiver: opened on first use. */
    private MailboxImpl mailboxFor(Pid pid) {
        for (;;) {
            MailboxImpl existing = mailboxes.get(pid);
            if (existing != null) {
                return existing;
            }
            MailboxImpl fresh = new MailboxImpl(pid, settings.defaultCapacity());
            try {
                track(fresh);
                return fresh;
            } catch (ProcessNotRunningException e) {
                throw e;
            } catch (IllegalStateException e) {
                if (!mailboxes.containsKey(pid)) {
                    throw e; // stopped, not a racing open
                }
                // another thread of the pid opened it first: use theirs
            }
        }
    }

    private Message message(Pid from, Pid to, Object payload) {
        Objects.requireNonNull(payload, "message");
        gate.checkAdmits(from);
        // a byte[] is copied so the sender may reuse its buffer; other objects are passed as they are
        Object value = payload instanceof byte[] bytes ? bytes.clone() : payload;
        return new Message(from, to, value, Instant.now());
    }

    private <T> T runSweep(Sweep current, Supplier<T> action) {
        Sweep outer = sweep.get();
        sweep.set(current);
        try {
            return action.get();
        } finally {
            if (outer == null) {
                sweep.remove();
            } else {
                sweep.set(outer);
            }
        }
    }

    private void runSweep(Sweep current, Runnable action) {
        runSweep(current, () -> {
            action.run();
            return null;
        });
    }

    private static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout of zero or more is required, got " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @SuppressWarnings("unchecked")
    private static Lease<Mailbox> cast(Lease<? extends Mailbox> lease) {
        // the ledger holds only leases made by track(), which are Lease<Mailbox>
        return (Lease<Mailbox>) lease;
    }

    /** A bad number is logged and replaced by its default: a typo in a configuration must not stop IPC. */
    private static IpcSettings settings(Config config) {
        return new IpcSettings(
                positive("default_capacity", config.default_capacity(), IpcSettings.DEFAULT_CAPACITY),
                positive("dead_letter_capacity", config.dead_letter_capacity(), IpcSettings.DEFAULT_DEAD_LETTER_CAPACITY));
    }

    private static int positive(String property, int value, int fallback) {
        if (value > 0) {
            return value;
        }
        LOG.warn("{} must be at least 1, got {}; using {}", property, value, fallback);
        return fallback;
    }

    /** Why mailboxes are being released on this thread, and how many messages that dead-lettered. */
    private static final class Sweep {
        final String reason;
        long deadLettered;

        Sweep(String reason) {
            this.reason = reason;
        }
    }

    /** The manager made in plain Java: the owners' service and its creator's handle on cleanup and shutdown. */
    public static final class Embedded extends IpcManagerImpl implements CloseableIpcManager {

        public Embedded(ProcessGate gate, IpcSettings settings) {
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
    }
}
