package io.reclaim.management.internal;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.HeldResource;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * Publishes spawns, ends, failed and timed-out cleanups and leaks to Event Admin. Active only while
 * an Event Admin is there: without one it registers no listener and costs the platform nothing.
 *
 * <p>The thread that spawns or ends a process only offers the process's snapshot to a bounded
 * lock-free queue, and never wakes the publisher: a wake-up is a system call, which costs that
 * thread more than the rest of its part of the events. The publisher looks at the queue again
 * after a pause that grows from 0.1 to 20 ms while nothing comes, so an event goes out at most
 * 20 ms late. Building the events, looking for a leak and delivering them all happen on the
 * publisher's own thread, so neither Event Admin nor a subscriber can delay a spawn or an end.
 *
 * <p>The publisher delivers with {@code sendEvent}: it returns once every subscriber has had the
 * event, so what the publisher has taken from its queue is all that is in flight. With
 * {@code postEvent}, Event Admin's own queue is unbounded, and a subscriber or an Event Admin
 * slower than the processes end would let it grow without limit. Delivery may take at most its
 * configured share of the publisher's time ({@link DeliveryBudget}): beyond it, events wait in the
 * queue, so that under a sustained flood of processes the events cannot take over the cores the
 * processes run on. When the queue is full, a spawn's or an end's events are dropped and counted;
 * the drops are posted once a second as {@link io.reclaim.management.ReclaimEvents#EVENTS_DROPPED}
 * and said in the log once a minute. An end whose cleanup failed is not crowded out by a flood of
 * routine ones: when the queue is full it takes a lane of its own ({@value #FAILED_LANE} ends),
 * which the publisher empties first, so its failure and leak events may then come before older
 * routine events.
 *
 * <p>Once a second the publisher also asks the orchestrator for resources held too long by running
 * pids (each type's {@code reclaim.heldTooLong}) and posts each new suspect once.
 *
 * <p>While it runs, {@code io.reclaim:type=Events} ({@link EventsMBean}) shows what it delivered,
 * holds and dropped. Its own thread registers it, off the thread that starts bundles.
 */
@Component(service = ProcessListener.class, configurationPid = EventPublisher.PID)
@Designate(ocd = EventPublisher.Config.class)
public final class EventPublisher implements ProcessListener, EventsMBean {

    static final String PID = "io.reclaim.events";

    @ObjectClassDefinition(name = "Reclaim events",
            description = "How Reclaim publishes to Event Admin. A change restarts the publisher.")
    @interface Config {
        @AttributeDefinition(name = "Queue size", min = "1", max = "1048576",
                description = "Spawns and ends whose events may wait to be published (rounded up to a power of two);"
                        + " past them, events are dropped and counted.")
        int queue_size() default DEFAULT_QUEUE;

        @AttributeDefinition(name = "Delivery share", min = "1", max = "100",
                description = "The share of its time, in percent, the publisher may spend delivering events;"
                        + " beyond it, events wait in the queue. 100 never waits.")
        int delivery_share_percent() default DEFAULT_SHARE_PERCENT;
    }

    static final int DEFAULT_QUEUE = 10_000;
    static final int LARGEST_QUEUE = 1 << 20;
    /** Ends whose cleanup failed that may wait beside a full queue. */
    static final int FAILED_LANE = 1024;
    static final int DEFAULT_SHARE_PERCENT = 2;
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DROP_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The shortest wait for the budget: a wait is a system call and a switch, not worth making for less. */
    private static final long SHORTEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final EventAdmin events;
    private final ResourceOrchestrator orchestrator;
    private final ManyToOneConcurrentArrayQueue<ProcessInfo> queue;
    private final ManyToOneConcurrentArrayQueue<ProcessInfo> failedLane = new ManyToOneConcurrentArrayQueue<>(FAILED_LANE);
    private final DeliveryBudget budget;
    private final int sharePercent;
    private final LongAdder dropped = new LongAdder();
    private final Thread publisher;
    private volatile boolean running = true;
    /** Set when a close gave up waiting for the queue to be flushed: the publisher stops at once. */
    private volatile boolean abandoned;
    /** Written by the publisher's thread alone. */
    private volatile long delivered;
    /** The MBean server it is registered with, while it is; guarded by {@code this}. */
    private MBeanServer registeredWith;
    /** The suspects posted already and still suspected; only the publisher's thread touches it. */
    private Set<String> suspects = new HashSet<>();
    /** The drops posted and said in the log so far; only the publisher's thread touches them. */
    private long postedDropped;
    private long loggedDropped;
    private long nextDropLog = System.nanoTime();

    /** A value out of range in a configuration file is said in the log and brought into range. */
    @Activate
    public EventPublisher(@Reference EventAdmin events, @Reference ResourceOrchestrator orchestrator, Config config) {
        this(events, orchestrator, inRange("queue.size", config.queue_size(), 1, LARGEST_QUEUE),
                inRange("delivery.share.percent", config.delivery_share_percent(), 1, 100));
    }

    /** The publisher with the defaults of its configuration, for plain Java. */
    public EventPublisher(EventAdmin events, ResourceOrchestrator orchestrator) {
        this(events, orchestrator, DEFAULT_QUEUE, DEFAULT_SHARE_PERCENT);
    }

    /**
     * @param queueSize spawns and ends whose events may wait, 1 to 1,048,576 (rounded up to a power of two)
     * @param deliverySharePercent the share of its time the publisher may spend delivering, 1 to 100
     * @throws IllegalArgumentException for a queue size outside 1 to 1,048,576 or a share outside 1 to 100
     */
    public EventPublisher(EventAdmin events, ResourceOrchestrator orchestrator, int queueSize,
            int deliverySharePercent) {
        if (queueSize < 1 || queueSize > LARGEST_QUEUE) {
            throw new IllegalArgumentException("the event queue holds 1 to " + LARGEST_QUEUE + " spawns and ends, not " + queueSize);
        }
        this.events = events;
        this.orchestrator = orchestrator;
        this.budget = new DeliveryBudget(deliverySharePercent, System.nanoTime());
        this.sharePercent = deliverySharePercent;
        this.queue = new ManyToOneConcurrentArrayQueue<>(queueSize);
        this.publisher = new Thread(this::publishAll, "reclaim-events");
        publisher.setDaemon(true);
        publisher.start();
    }

    private static int inRange(String key, int value, int least, int most) {
        int clamped = Math.max(least, Math.min(most, value));
        if (clamped != value) {
            LOG.warn("{}: {} must be {} to {}, got {}; using {}", PID, key, least, most, value, clamped);
        }
        return clamped;
    }

    @Override
    public void spawned(ProcessInfo process) {
        enqueue(process);
    }

    @Override
    public void ended(ProcessInfo process) {
        enqueue(process);
    }

    /** @return spawns and ends whose events were dropped because the queue was full, or came after close */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long getDelivered() {
        return delivered;
    }

    @Override
    public long getDropped() {
        return dropped();
    }

    @Override
    public int getQueued() {
        return queue.size() + failedLane.size();
    }

    @Override
    public int getQueueSize() {
        return queue.capacity();
    }

    @Override
    public int getDeliverySharePercent() {
        return sharePercent;
    }

    private void enqueue(ProcessInfo process) {
        if (!running || !queue.offer(process) && !(failed(process) && failedLane.offer(process))) {
            dropped.increment();
        }
    }

    private static boolean failed(ProcessInfo process) {
        return process.cleanup() != null && process.cleanup().hasErrors();
    }

    private void publishAll() {
        registerMBean();
        long pause = FIRST_PAUSE_NANOS;
        long nextSecond = System.nanoTime() + SECOND_NANOS;
        while (!abandoned) {
            if (System.nanoTime() - nextSecond >= 0) {
                nextSecond = System.nanoTime() + SECOND_NANOS;
                postNewSuspects();
                reportDropped();
            }
            ProcessInfo process = failedLane.poll();
            if (process == null) {
                process = queue.poll();
            }
            if (process == null) {
                if (!running) {
                    reportDropped();
                    return;
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
                continue;
            }
            pause = FIRST_PAUSE_NANOS;
            long start = System.nanoTime();
            try {
                publish(process);
            } catch (Throwable e) { // Event Admin is another bundle's code; the next event still goes out
                LOG.error("publishing the events of pid {} failed", process.pid(), e);
            }
            long end = System.nanoTime();
            long wait = budget.charge(start, end);
            if (wait > 0) {
                waitUntil(end + Math.max(wait, SHORTEST_WAIT_NANOS));
            }
        }
    }

    /** Waits out an overrun of the delivery budget; a close ends the wait, so that the queue is flushed at once. */
    private void waitUntil(long deadline) {
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private void publish(ProcessInfo process) {
        if (process.state() != ProcessState.TERMINATED) {
            send(Events.spawned(process));
            return;
        }
        send(Events.ended(process));
        Events.failures(process).forEach(this::send);
        // a cleanup without a failure leaves nothing tracked (nothing is admitted after it
        // begins), so only a failed one is worth asking every handler about
        if (failed(process)) {
            Map<String, ResourceUsage> held = orchestrator.usage(process.pid());
            if (!held.isEmpty()) {
                LOG.warn("pid {} still holds {} after its cleanup", process.pid(), held);
                send(Events.leak(process.pid(), process.name(), held));
            }
        }
    }

    /** Posts the drops since the last report, and says them in the log once a minute at most. */
    private void reportDropped() {
        long total = dropped.sum();
        if (total > postedDropped) {
            try {
                send(Events.dropped(total - postedDropped, total));
            } catch (Throwable e) { // Event Admin is another bundle's code; the log still says it
                LOG.error("publishing the count of dropped events failed", e);
            }
            postedDropped = total;
        }
        long now = System.nanoTime();
        if (total > loggedDropped && now - nextDropLog >= 0) {
            LOG.warn("the events of {} spawns and ends were dropped: publishing fell {} behind ({} in all)",
                    total - loggedDropped, queue.capacity(), total);
            loggedDropped = total;
            nextDropLog = now + DROP_LOG_NANOS;
        }
    }

    private void postNewSuspects() {
        try {
            Set<String> now = new HashSet<>();
            for (List<HeldResource> ofType : orchestrator.heldTooLong().values()) {
                for (HeldResource held : ofType) {
                    String key = held.type() + ' ' + held.owner() + ' ' + held.description() + ' '
                            + held.site().map(Object::toString).orElse("");
                    now.add(key);
                    if (!suspects.contains(key)) {
                        LOG.warn("pid {} holds {} {} for {} ms{}", held.owner(), held.type(), held.description(),
                                held.heldFor().map(age -> age.toMillis()).orElse(-1L),
                                held.site().map(site -> ", acquired at " + site).orElse(""));
                        send(Events.suspect(held));
                    }
                }
            }
            suspects = now;
        } catch (Throwable e) { // the handlers are other bundles' code; the next sweep tries again
            LOG.warn("looking for resources held too long failed", e);
        }
    }

    private void send(Event event) {
        events.sendEvent(event);
        delivered++; // the publisher's thread is the only writer
    }

    private synchronized void registerMBean() {
        if (!running) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new StandardMBean(this, EventsMBean.class, false), name());
            registeredWith = server;
        } catch (JMException | RuntimeException e) { // the events go out without their MBean
            LOG.warn("MBean {} not registered: {}", MBeanRegistrar.DOMAIN + ":type=Events", e.toString());
        }
    }

    private synchronized void unregisterMBean() {
        if (registeredWith == null) {
            return;
        }
        try {
            registeredWith.unregisterMBean(name());
        } catch (JMException | RuntimeException e) {
            LOG.debug("MBean {} was not registered: {}", MBeanRegistrar.DOMAIN + ":type=Events", e.toString());
        }
        registeredWith = null;
    }

    private static ObjectName name() throws javax.management.MalformedObjectNameException {
        return new ObjectName(MBeanRegistrar.DOMAIN + ":type=Events");
    }

    /**
     * Stops taking events and publishes what is queued, without the budget's waits, for up to 2 s;
     * unregisters the MBean.
     */
    @Deactivate
    public void close() {
        synchronized (this) {
            running = false;
        }
        unregisterMBean();
        LockSupport.unpark(publisher);
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (publisher.isAlive()) {
            LOG.warn("the events of {} spawns and ends were not published before the publisher stopped", getQueued());
            abandoned = true;
            publisher.interrupt();
        }
    }
}
