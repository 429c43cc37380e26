package io.reclaim.management.internal;

import static io.reclaim.management.ReclaimEvents.*;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.service.event.Event;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** The publisher on the real orchestrator and process manager. */
public class EventPublisherTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final CountDownLatch unhang = new CountDownLatch(1);
    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder()
            .handlerTimeout(Duration.ofMillis(200)).build();
    private final EventPublisher publisher = new EventPublisher(events, orchestrator);
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
            .withProcessListener(publisher).build();
    private final Leaky leaky = new Leaky();

    @After
    public void stop() throws Exception {
        events.unblock();
        unhang.countDown();
        processes.close();
        publisher.close();
        orchestrator.close();
        leaky.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void aSpawnAndAnEndArePublishedWithTheirDocumentedProperties() throws Exception {
        ProcessInfo quick = processes.spawn(ProcessSpec.named("quick").withCommand("sh", "-c", "exit 3"));
        await("the end of " + quick.pid(), () -> events.topic(PROCESS_ENDED).size() == 1);

        Event spawned = events.topic(PROCESS_SPAWNED).get(0);
        assertEquals(quick.pid().value(), spawned.getProperty(PID));
        assertEquals("quick", spawned.getProperty(NAME));
        assertEquals(quick.osPid(), spawned.getProperty(OS_PID));
        assertTrue(quick.osPid() > 0);

        Event ended = events.topic(PROCESS_ENDED).get(0);
        assertEquals(quick.pid().value(), ended.getProperty(PID));
        assertEquals("quick", ended.getProperty(NAME));
        assertEquals(quick.osPid(), ended.getProperty(OS_PID));
        assertEquals("EXITED", ended.getProperty(ENDING));
        assertEquals(3, ended.getProperty(EXIT_CODE));
        assertEquals(1L, ended.getProperty(FREED_COUNT)); // its OS child
        assertEquals(0L, ended.getProperty(FREED_BYTES));
        assertEquals(0L, ended.getProperty(ERROR_COUNT));
        assertArrayEquals(new String[0], (String[]) ended.getProperty(ERRORS));
        assertTrue(ended.getProperty(DURATION_MS) instanceof Long);
        assertTrue(ended.getProperty(LIFETIME_MS) instanceof Long);
        assertTrue(events.topic(CLEANUP_FAILED).isEmpty());
        assertTrue(events.topic(LEAK_FOUND).isEmpty());
    }

    @Test
    public void aFailingHandlerAHangingHandlerAndTheLeakTheyLeaveArePublished() throws Exception {
        orchestrator.register(leaky, 300);
        orchestrator.register(new Hanging(unhang), 200);
        Pid pid = processes.spawn(ProcessSpec.named("victim")).pid();
        Path file = tmp.getRoot().toPath().resolve("held");
        leaky.open(pid, file);

        processes.terminate(pid, Duration.ZERO);
        await("the leak of " + pid, () -> events.topic(LEAK_FOUND).size() == 1);

        Event failed = events.topic(CLEANUP_FAILED).get(0);
        assertEquals(pid.value(), failed.getProperty(PID));
        assertEquals("leaky", failed.getProperty(TYPE));
        assertEquals(300, failed.getProperty(RANKING));
        assertTrue(String.valueOf(failed.getProperty(ERROR)), ((String) failed.getProperty(ERROR)).contains("a bug in the leaky handler"));
        Event timedOut = events.topic(CLEANUP_TIMEOUT).get(0);
        assertEquals(pid.value(), timedOut.getProperty(PID));
        assertEquals("hanging", timedOut.getProperty(TYPE));
        assertEquals(200, timedOut.getProperty(RANKING));
        assertTrue(((String) timedOut.getProperty(ERROR)).startsWith("timed out"));
        Event ended = events.topic(PROCESS_ENDED).get(0);
        assertEquals(2L, ended.getProperty(ERROR_COUNT));
        Event leak = events.topic(LEAK_FOUND).get(0);
        assertEquals(pid.value(), leak.getProperty(PID));
        assertEquals("victim", leak.getProperty(NAME));
        assertArrayEquals(new String[] { "leaky" }, (String[]) leak.getProperty(TYPES));
        assertEquals(1L, leak.getProperty(COUNT));
        assertTrue(Files.exists(file));
    }

    @Test
    public void eventsAreDeliveredOffTheEndingThreadSoAStuckSubscriberDelaysNoTermination() throws Exception {
        events.block();
        String ending = Thread.currentThread().getName();
        for (int i = 0; i < 5; i++) {
            Pid pid = processes.spawn(ProcessSpec.named("job-" + i)).pid();
            // returns although the first delivery is stuck
            processes.terminate(pid, Duration.ZERO);
        }
        assertEquals(5, processes.statistics().terminated());
        await("the first delivery", () -> !events.posted.isEmpty());
        assertEquals("only the first event reached the stuck subscriber", 1, events.posted.size());

        events.unblock();
        await("every event", () -> events.topic(PROCESS_ENDED).size() == 5);
        List<RecordingEventAdmin.Posted> posted = events.posted;
        assertEquals(10, posted.size());
        for (RecordingEventAdmin.Posted post : posted) {
            assertTrue("sent, so that what is in flight is only what the publisher holds", post.sent());
            assertNotEquals(ending, post.thread());
            assertEquals("reclaim-events", post.thread());
        }
        assertEquals(0, publisher.dropped());
    }

    @Test
    public void aStuckSubscriberHoldsBackNoMoreThanTheQueueAndHearsHowManyEventsWereDropped() throws Exception {
        EventPublisher small = new EventPublisher(events, orchestrator, 4, 100);
        try (CloseableProcessManager flooded = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
                .withProcessListener(small).build()) {
            floodBehindAStuckDelivery(flooded);
            // 21 spawns and ends after the one being delivered: 4 wait, 17 are dropped
            assertEquals(17, small.dropped());

            events.unblock();
            await("the drops reported", () -> !events.topic(EVENTS_DROPPED).isEmpty());
            Event drops = events.topic(EVENTS_DROPPED).get(0);
            assertEquals(17L, drops.getProperty(COUNT));
            assertEquals(17L, drops.getProperty(TOTAL));
            // the one in flight and the 4 that waited, in the order they happened (the drops may
            // be reported between them)
            await("the events that waited", () -> events.posted.size() == 1 + 4 + 1);
            List<String> heard = events.posted.stream().map(RecordingEventAdmin.Posted::event)
                    .filter(e -> !e.getTopic().equals(EVENTS_DROPPED))
                    .map(e -> e.getProperty(NAME) + " " + e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1))
                    .toList();
            assertEquals(List.of("first SPAWNED", "first ENDED", "flood-0 SPAWNED", "flood-0 ENDED", "flood-1 SPAWNED"),
                    heard);
        } finally {
            small.close();
        }
    }

    @Test
    public void aSlowSubscriberGetsNoMoreThanTheDeliveryShareOfThePublishersTime() throws Exception {
        EventPublisher shared = new EventPublisher(events, orchestrator, 1000, 10);
        try (CloseableProcessManager busy = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
                .withProcessListener(shared).build()) {
            events.takeEach(20);
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                busy.terminate(busy.spawn(ProcessSpec.named("busy-" + i)).pid(), Duration.ZERO);
            }
            Thread.sleep(1000);
            long delivered = events.posted.size();
            double seconds = (System.nanoTime() - start) / 1e9;
            // 20 ms each: 100 ms of burst and then 10% of the time, some 10 in the first second;
            // without the share, 50 a second
            assertTrue(delivered + " delivered in " + seconds + " s", delivered <= 5 + 5 * seconds + 1);
            assertTrue(delivered + " delivered", delivered >= 1);
            assertEquals("the rest waits in the queue", 0, shared.dropped());
        } finally {
            events.takeEach(0);
            shared.close();
        }
    }

    @Test
    public void aQueueOrShareOutOfRangeIsRefused() {
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> new EventPublisher(events, orchestrator, 0, 10));
        assertEquals("the event queue holds 1 to 1048576 spawns and ends, not 0", queue.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EventPublisher(events, orchestrator, (1 << 20) + 1, 10));
        IllegalArgumentException share = assertThrows(IllegalArgumentException.class,
                () -> new EventPublisher(events, orchestrator, 10, 0));
        assertEquals("the delivery share is a percentage from 1 to 100, not 0", share.getMessage());
    }
    @Test
    public void theEventsMBeanShowsWhatWasDeliveredAndGoesWithThePublisher() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.reclaim:type=Events");
        await("the MBean", () -> jmx.isRegistered(name));
        processes.terminate(processes.spawn(ProcessSpec.named("counted")).pid(), Duration.ZERO);
        await("both events delivered", () -> events.topic(PROCESS_ENDED).size() == 1);

        assertEquals(2L, jmx.getAttribute(name, "Delivered"));
        assertEquals(0L, jmx.getAttribute(name, "Dropped"));
        assertEquals(0, jmx.getAttribute(name, "Queued"));
        assertEquals(16384, jmx.getAttribute(name, "QueueSize"));
        assertEquals(EventPublisher.DEFAULT_SHARE_PERCENT, jmx.getAttribute(name, "DeliverySharePercent"));
        publisher.close();
        assertFalse(jmx.isRegistered(name));
    }
    @Test
    public void aConfigurationOutOfRangeIsBroughtIntoRange() {
        EventPublisher.Config config = (EventPublisher.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { EventPublisher.Config.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "queue_size" -> 0;
                    case "delivery_share_percent" -> 500;
                    default -> method.getDefaultValue();
                });
        EventPublisher clamped = new EventPublisher(events, orchestrator, config);
        try {
            assertEquals(1, clamped.getQueueSize());
            assertEquals(100, clamped.getDeliverySharePercent());
        } finally {
            clamped.close();
        }
    }
    @Test
    public void aCloseThatGivesUpOnAStuckSubscriberStopsThePublisherWithoutDeliveringTheRest() throws Exception {
        events.block();
        Pid first = processes.spawn(ProcessSpec.named("first")).pid();
        await("the first delivery", () -> !events.posted.isEmpty());
        processes.terminate(first, Duration.ZERO);
        processes.terminate(processes.spawn(ProcessSpec.named("second")).pid(), Duration.ZERO);

        publisher.close(); // waits 2 s for the flush, then gives up
        Thread.sleep(200);
        assertEquals("nothing was delivered after the close gave up", 1, events.posted.size());
    }

    /**
     * Makes the delivery of the spawn of {@code first} stick, then ends {@code first} and spawns
     * and ends 10 processes behind it: 21 spawns and ends after the one being delivered.
     */
    private void floodBehindAStuckDelivery(CloseableProcessManager manager) throws Exception {
        events.block();
        Pid first = manager.spawn(ProcessSpec.named("first")).pid();
        await("the first delivery", () -> !events.posted.isEmpty());
        manager.terminate(first, Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            manager.terminate(manager.spawn(ProcessSpec.named("flood-" + i)).pid(), Duration.ZERO);
        }
    }

    @Test
    public void anEndWhoseCleanupFailedIsNotCrowdedOutByAFloodOfRoutineOnes() throws Exception {
        EventPublisher small = new EventPublisher(events, orchestrator, 4, 100);
        try (CloseableProcessManager flooded = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
                .withProcessListener(small).build()) {
            floodBehindAStuckDelivery(flooded);
            orchestrator.register(leaky, 300); // a cleanup of its fails: after the flood, so only the victim's
            Pid victim = flooded.spawn(ProcessSpec.named("victim")).pid();
            leaky.open(victim, tmp.getRoot().toPath().resolve("held"));
            flooded.terminate(victim, Duration.ZERO);
            // 21 routine spawns and ends and the victim's spawn: 4 wait, 18 are dropped; its end is not
            assertEquals(18, small.dropped());

            events.unblock();
            await("the victim's leak", () -> !events.topic(LEAK_FOUND).isEmpty());
            assertEquals(victim.value(), events.topic(CLEANUP_FAILED).get(0).getProperty(PID));
            assertTrue(events.topic(PROCESS_ENDED).stream().anyMatch(e -> e.getProperty(PID).equals(victim.value())
                    && e.getProperty(ERROR_COUNT).equals(1L)));
        } finally {
            small.close();
        }
    }
}
