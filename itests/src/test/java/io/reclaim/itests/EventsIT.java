package io.reclaim.itests;

import static io.reclaim.management.ReclaimEvents.*;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;

/** An Event Admin subscriber hears Reclaim's spawns, ends, failed and timed-out cleanups and leaks. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends ManagementITSupport {

    @Configuration
    public Option[] configuration() {
        return managed();
    }

    private final List<Event> heard = new CopyOnWriteArrayList<>();

    private ServiceRegistration<EventHandler> subscribe() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPIC_PREFIX + "*");
        return context.registerService(EventHandler.class, heard::add, properties);
    }

    private List<Event> heard(String topic, Pid pid) {
        return heard.stream().filter(e -> e.getTopic().equals(topic) && e.getProperty(PID).equals(pid.value())).toList();
    }

    @Test
    public void anEventHandlerHearsASpawnAndAnEndWithWhatItsCleanupFreed() throws Exception {
        ServiceRegistration<EventHandler> subscription = subscribe();
        try {
            ProcessManager processes = service(ProcessManager.class);
            ProcessInfo sleeper = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
            Path file = Files.createTempFile("events", ".bin");
            service(FileManager.class).open(sleeper.pid(), file, StandardOpenOption.WRITE);

            processes.terminate(sleeper.pid(), Duration.ofSeconds(5));
            await("the end of " + sleeper.pid() + " heard", () -> heard(PROCESS_ENDED, sleeper.pid()).size() == 1);

            Event spawned = heard(PROCESS_SPAWNED, sleeper.pid()).get(0);
            assertEquals("sleeper", spawned.getProperty(NAME));
            assertEquals(sleeper.osPid(), spawned.getProperty(OS_PID));
            Event ended = heard(PROCESS_ENDED, sleeper.pid()).get(0);
            assertEquals("sleeper", ended.getProperty(NAME));
            assertEquals(sleeper.osPid(), ended.getProperty(OS_PID));
            assertEquals("TERMINATED", ended.getProperty(ENDING));
            assertEquals(143, ended.getProperty(EXIT_CODE)); // SIGTERM
            assertEquals(2L, ended.getProperty(FREED_COUNT)); // the OS child and the file
            assertEquals(0L, ended.getProperty(ERROR_COUNT));
            assertArrayEquals(new String[0], (String[]) ended.getProperty(ERRORS));
            assertTrue(ended.getProperty(DURATION_MS) instanceof Long);
            assertTrue((Long) ended.getProperty(LIFETIME_MS) >= 0);
            Files.delete(file);
        } finally {
            subscription.unregister();
        }
    }

    @Test
    public void anEventHandlerHearsAFailedAndATimedOutCleanupAndTheLeakLeft() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.orchestrator", "?");
        Dictionary<String, Object> timeout = new Hashtable<>();
        timeout.put("handler.timeout.ms", 500L);
        config.update(timeout);
        Leaky leaky = new Leaky();
        Hanging hanging = new Hanging();
        ServiceRegistration<ResourceCleanup> one = register(leaky, 350);
        ServiceRegistration<ResourceCleanup> two = register(hanging, 250);
        ServiceRegistration<EventHandler> subscription = subscribe();
        Path file = Files.createTempFile("leaked", ".bin");
        try {
            Pid pid = spawn("victim");
            leaky.open(pid, file);
            // Configuration Admin applies the new timeout asynchronously: the plan shows when it did
            await("the orchestrator gives handlers 500 ms", () -> service(ResourceOrchestrator.class).plan(pid).stream()
                    .allMatch(step -> step.timeout().equals(Duration.ofMillis(500))));

            service(ProcessManager.class).terminate(pid, Duration.ZERO);
            await("the leak of " + pid + " heard", () -> heard(LEAK_FOUND, pid).size() == 1);

            Event failed = heard(CLEANUP_FAILED, pid).get(0);
            assertEquals("leaky", failed.getProperty(TYPE));
            assertEquals(350, failed.getProperty(RANKING));
            assertTrue((String) failed.getProperty(ERROR), ((String) failed.getProperty(ERROR)).contains("a bug in the leaky handler"));
            Event timedOut = heard(CLEANUP_TIMEOUT, pid).get(0);
            assertEquals("hanging", timedOut.getProperty(TYPE));
            assertEquals(250, timedOut.getProperty(RANKING));
            assertTrue((String) timedOut.getProperty(ERROR), ((String) timedOut.getProperty(ERROR)).startsWith("timed out after 500 ms"));
            assertEquals(2L, heard(PROCESS_ENDED, pid).get(0).getProperty(ERROR_COUNT));
            Event leak = heard(LEAK_FOUND, pid).get(0);
            assertEquals("victim", leak.getProperty(NAME));
            assertArrayEquals(new String[] { "leaky" }, (String[]) leak.getProperty(TYPES));
            assertEquals(1L, leak.getProperty(COUNT));
        } finally {
            subscription.unregister();
            hanging.release.countDown();
            one.unregister();
            two.unregister();
            leaky.close();
            config.delete();
            Files.delete(file);
        }
    }
    @Test
    public void aStuckSubscriberHoldsBackNoMoreThanTheQueueAndHearsHowManyEventsWereDropped() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration("io.reclaim.events", "?");
        Dictionary<String, Object> small = new Hashtable<>();
        small.put("queue.size", 16);
        config.update(small);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPIC_PREFIX + "*");
        ServiceRegistration<EventHandler> subscription = context.registerService(EventHandler.class, event -> {
            heard.add(event);
            if ("first".equals(event.getProperty(NAME))) {
                entered.countDown();
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, properties);
        try {
            // the publisher restarts with its new queue; its service shows the configuration, and
            // the process manager binds it a moment after it is registered: a probe's events are
            // delivered once it has, and before those of the processes spawned after them
            service(ProcessListener.class, "(queue.size=16)");
            ProcessManager processes = service(ProcessManager.class);
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName publisher = new ObjectName("io.reclaim:type=Events");
            await("the restarted publisher hears the processes", () -> {
                try {
                    processes.terminate(spawn("probe"), Duration.ZERO);
                    return jmx.isRegistered(publisher) && jmx.getAttribute(publisher, "QueueSize").equals(16)
                            && (Long) jmx.getAttribute(publisher, "Delivered") > 0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            Pid first = spawn("first");
            assertTrue("the subscriber got the first spawn", entered.await(10, TimeUnit.SECONDS));
            processes.terminate(first, Duration.ZERO);
            for (int i = 0; i < 100; i++) {
                processes.terminate(spawn("flood-" + i), Duration.ZERO);
            }
            stuck.countDown();

            // 201 spawns and ends after the one in delivery: 16 waited, 185 were dropped
            await("the drops heard", () -> heard.stream().anyMatch(e -> e.getTopic().equals(EVENTS_DROPPED)));
            Event drops = heard.stream().filter(e -> e.getTopic().equals(EVENTS_DROPPED)).findFirst().orElseThrow();
            assertEquals(185L, drops.getProperty(TOTAL));
            assertEquals(185L, drops.getProperty(COUNT));
            // the one in delivery and the 16 that waited (the drops may be reported between them)
            await("the events that waited heard", () -> heard.stream().filter(e -> e.getTopic().startsWith("io/reclaim/process/")
                    && !"probe".equals(e.getProperty(NAME))).count() == 1 + 16);
            // and JMX says the same
            assertEquals(185L, jmx.getAttribute(publisher, "Dropped"));
            assertEquals(16, jmx.getAttribute(publisher, "QueueSize"));
        } finally {
            stuck.countDown();
            subscription.unregister();
            config.delete();
        }
    }
}
