package io.reclaim.management.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * Publishes spawns, ends, failed and timed-out cleanups and leaks to Event Admin. Active only while
 * an Event Admin is there: without one it registers no listener and costs the platform nothing.
 *
 * <p>The thread that ends a process only queues the process's snapshot here; building the events,
 * looking for a leak and {@code postEvent} all happen on this publisher's own thread, so neither a
 * slow Event Admin nor a slow subscriber can delay a termination. The queue is bounded: when
 * publishing falls that far behind, events are dropped and counted rather than held in memory.
 */
@Component(service = ProcessListener.class)
public final class EventPublisher implements ProcessListener {

    static final int QUEUE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final EventAdmin events;
    private final ResourceOrchestrator orchestrator;
    private final LongAdder dropped = new LongAdder();
    private final ThreadPoolExecutor publisher;

    @Activate
    public EventPublisher(@Reference EventAdmin events, @Reference ResourceOrchestrator orchestrator) {
        this.events = events;
        this.orchestrator = orchestrator;
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "reclaim-events");
                    thread.setDaemon(true);
                    return thread;
                });
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
            Map<String, ResourceUsage> held = orchestrator.usage(process.pid());
            if (!held.isEmpty()) {
                LOG.warn("pid {} still holds {} after its cleanup", process.pid(), held);
                post(Events.leak(process.pid(), process.name(), held));
            }
        });
    }

    /** @return events dropped because publishing fell {@value #QUEUE} processes behind */
    public long dropped() {
        return dropped.sum();
    }

    private void publish(Runnable task) {
        try {
            publisher.execute(() -> {
                try {
                    task.run();
                } catch (Throwable e) { // Event Admin is another bundle's code; the next event still goes out
                    LOG.error("publishing an event failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.increment();
            LOG.debug("event publisher full or stopped; event dropped");
        }
    }

    private void post(Event event) {
        events.postEvent(event);
    }

    @Deactivate
    public void close() {
        publisher.shutdown();
        try {
            if (!publisher.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("{} events were not published before the publisher stopped", publisher.getQueue().size());
                publisher.shutdownNow();
            }
        } catch (InterruptedException e) {
            publisher.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
