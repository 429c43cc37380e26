package io.reclaim.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * {@code feature:install reclaim-management} gives Karaf the same operations surface as the
 * distribution: Karaf's Event Admin with Reclaim's events, the io.reclaim MBeans on the platform
 * MBean server, and the three health checks.
 *
 * <p>Event Admin types appear only inside an anonymous class, loaded after the feature is installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagementFeatureIT extends ReclaimKarafTestSupport {

    @Test
    public void theManagementFeatureBringsEventsMBeansAndHealthChecks() throws Exception {
        shell.execute("feature:repo-add " + featuresRepository(), INSTALL_SECONDS);
        shell.execute("feature:install reclaim-management", INSTALL_SECONDS);
        String installed = execute("feature:list -i --no-format").output();
        assertTrue(installed, Pattern.compile("(?m)^reclaim-management\\s").matcher(installed).find());
        Bundle management = null;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals("io.reclaim.management")) {
                management = bundle;
            }
        }
        assertEquals(Bundle.ACTIVE, management.getState());

        List<String> heard = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put("event.topics", "io/reclaim/*");
        context.registerService("org.osgi.service.event.EventHandler", new org.osgi.service.event.EventHandler() {
            @Override
            public void handleEvent(org.osgi.service.event.Event event) {
                heard.add(event.getTopic() + " " + event.getProperty("name"));
            }
        }, topics);
        await("the event publisher", () -> context.getServiceReference("io.reclaim.api.ProcessListener") != null);
        execute("pid = reclaim:spawn karaf-job");
        execute("reclaim:kill $pid");
        await("the spawn and end heard", () -> heard.size() >= 2, heard::toString);
        assertEquals(List.of("io/reclaim/process/SPAWNED karaf-job", "io/reclaim/process/ENDED karaf-job"), heard);

        await("the Processes MBean", () -> ManagementFactory.getPlatformMBeanServer()
                .isRegistered(name("io.reclaim:type=Processes")));
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer()
                .getAttribute(name("io.reclaim:type=Processes"), "Terminated"));
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(name("io.reclaim:type=Handler,name=files")));
        assertEquals(2L, ManagementFactory.getPlatformMBeanServer().getAttribute(name("io.reclaim:type=Events"), "Delivered"));
        // the publisher's defaults come with the feature, so config:list shows what can be set
        String events = execute("config:list \"(service.pid=io.reclaim.events)\"").output();
        assertTrue(events, events.contains("queue.size = 10000") && events.contains("delivery.share.percent = 2"));

        ServiceReference<?>[] checks = context.getServiceReferences("org.apache.felix.hc.api.HealthCheck", "(hc.tags=reclaim)");
        assertEquals(3, checks.length);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
