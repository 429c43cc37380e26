package io.reclaim.management.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.HeldResource;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * Publishes spawns, ends, failed and timed-out cleanups and leaks to Event Admin. Active only while
 * an Event Admin is there: without one it registers no listener and costs the platform nothing.
 *
 * <p>The thread that ends a process only queues the process's snapshot here, on a lock-free
 * queue, and never wakes the publisher: a wake-up is a system call, which costs an ending thread
 * more than the rest of its part of the events. The publisher looks at the queue again after a
 * pause that grows from 0.1 to 20 ms while nothing comes, so an event is posted at most 20 ms
 * late. Building the events, looking for a leak and {@code postEvent} all happen on this
 * publisher's own thread, so neither a slow Event Admin nor a
 * slow subscriber can delay a termination. The queue is bounded: when publishing falls that far
 * behind, events are dropped and counted (and said in the log, once a minute at most) rather than
 * held in memory.
 *
 * <p>Once a second the publisher also asks the orchestrator for resources held too long by running
 * pids (each type's {@code reclaim.heldTooLong}) and posts each new suspect once.
 */
@Component(service = ProcessListener.class)
public final class EventPublisher implements ProcessListener {

    static final int QUEUE = 10_000;
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SUSPECT_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DROP_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final EventAdmin events;
    private final ResourceOrchestrator orchestrator;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Thread publisher;
    private volatile boolean running = true;
    /** The suspects posted already and still suspected; only the publisher's thread touches it. */
    private Set<String> suspects = new HashSet<>();
    /** The drops said in the log so far, and when it may say more; only the publisher's thread touches them. */
    private long reportedDropped;
    private long nextDropReport = System.nanoTime();

    @Activate
    public EventPublisher(@Reference EventAdmin events, @Reference ResourceOrchestrator orchestrator) {
        this.events = events;
        this.orchestrator = orchestrator;
        this.publisher = new Thread(this::publishAll, "reclaim-events");
        publisher.setDaemon(true);
        publisher.start();
    }

    @Override
    public void spawned(ProcessInfo process) {
        publish(() -> post(Events.spawned(process)));
    }

    @Override
    public void ended(ProcessInfo process) {
        publish(() -> {
            post(Events.ended(process));
            Events.failures(process).forEach(this::post);
            // a cleanup without a failure leaves nothing tracked (nothing is admitted after it
            // begins), so only a failed one is worth asking every handler about
            if (process.cleanup() != null && process.cleanup().hasErrors()) {
                Map<String, ResourceUsage> held = orchestrator.usage(process.pid());
                if (!held.isEmpty()) {
                    LOG.warn("pid {} still holds {} after its cleanup", process.pid(), held);
                    post(Events.leak(process.pid(), process.name(), held));
                }
            }
        });
    }

    /** @return events dropped because publishing fell {@value #QUEUE} processes behind, or after close */
    public long dropped() {
        return dropped.sum();
    }

    private void publish(Runnable task) {
        if (!running || queued.incrementAndGet() > QUEUE) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(task);
    }

    /** Says in the log, once a minute at most, how many events were dropped since it last did. */
    private void reportDropped() {
        long now = System.nanoTime();
        if (now - nextDropReport < 0) {
            return;
        }
        long total = dropped.sum();
        if (total > reportedDropped) {
            LOG.warn("{} event(s) dropped: publishing fell {} processes behind the terminations ({} in all)",
                    total - reportedDropped, QUEUE, total);
            reportedDropped = total;
            nextDropReport = now + DROP_REPORT_NANOS;
        }
    }

    private void publishAll() {
        long pause = FIRST_PAUSE_NANOS;
        long nextSweep = System.nanoTime() + SUSPECT_SWEEP_NANOS;
        while (true) {
            if (System.nanoTime() - nextSweep >= 0) {
                nextSweep = System.nanoTime() + SUSPECT_SWEEP_NANOS;
                postNewSuspects();
                reportDropped();
            }
            Runnable task = queue.poll();
            if (task == null) {
                if (!running) {
                    return;
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
                continue;
            }
            pause = FIRST_PAUSE_NANOS;
            queued.decrementAndGet();
            try {
                task.run();
            } catch (Throwable e) { // Event Admin is another bundle's code; the next event still goes out
                LOG.error("publishing an event failed", e);
            }
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
                        post(Events.suspect(held));
                    }
                }
            }
            suspects = now;
        } catch (Throwable e) { // the handlers are other bundles' code; the next sweep tries again
            LOG.warn("looking for resources held too long failed", e);
        }
    }

    private void post(Event event) {
        events.postEvent(event);
    }

    /** Stops taking events and publishes what is queued, waiting up to 2 s for it. */
    @Deactivate
    public void close() {
        running = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (publisher.isAlive()) {
            LOG.warn("{} events were not published before the publisher stopped", queued.get());
            publisher.interrupt();
        }
    }
}
