package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.files.FileManager;

/**
 * Reclaim's MBeans, read and operated through a real JMX connector, as jconsole or jmxterm do. The
 * framework has neither Event Admin nor the Felix HC API: the management bundle still resolves and
 * its MBeans work, and its event publisher stays inactive.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JmxIT extends ManagementITSupport {

    @Configuration
    public Option[] configuration() {
        return managedWithoutEventAdminOrHealthChecks();
    }

    private JMXConnectorServer server;
    private JMXConnector connector;
    private MBeanServerConnection jmx;

    @Before
    public void connect() throws Exception {
        service(ProcessManager.class);
        await("the Processes MBean", () -> ManagementFactory.getPlatformMBeanServer().isRegistered(name("type=Processes")));
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        connector = JMXConnectorFactory.connect(server.getAddress());
        jmx = connector.getMBeanServerConnection();
    }

    @After
    public void disconnect() throws Exception {
        connector.close();
        server.stop();
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName("io.reclaim:" + properties);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Set<ObjectName> reclaimMBeans() throws Exception {
        return jmx.queryNames(name("*"), null);
    }

    @Test
    public void theMBeansAreFoundThroughAConnectorAndTerminateEndsTheProcess() throws Exception {
        Set<ObjectName> names = reclaimMBeans();
        assertTrue(names.toString(), names.containsAll(List.of(name("type=Processes"), name("type=Leaks"),
                name("type=Handler,name=os-process"), name("type=Handler,name=files"), name("type=Handler,name=sockets"))));

        Pid pid = spawn("jmx-job");
        Path file = Files.createTempFile("jmx", ".bin");
        Files.write(file, new byte[100]);
        service(FileManager.class).open(pid, file, StandardOpenOption.READ);
        assertEquals(1, jmx.getAttribute(name("type=Processes"), "Running"));
        String[] rows = (String[]) jmx.getAttribute(name("type=Processes"), "Processes");
        assertEquals(List.of(pid + " jmx-job RUNNING 0"), List.of(rows));
        long acquired = (Long) jmx.getAttribute(name("type=Handler,name=files"), "Acquired");
        assertEquals(1L, acquired);

        String answer = (String) jmx.invoke(name("type=Processes"), "terminate", new Object[] { pid.value(), 0L },
                new String[] { "long", "long" });

        assertEquals("pid " + pid + " (jmx-job) TERMINATED: freed 1 resources, 0 bytes, 0 errors", answer);
        assertEquals(ProcessState.TERMINATED, service(ProcessManager.class).state(pid));
        assertEquals(0, jmx.getAttribute(name("type=Processes"), "Running"));
        assertEquals(1L, jmx.getAttribute(name("type=Processes"), "Terminated"));
        assertEquals(1L, jmx.getAttribute(name("type=Handler,name=files"), "Released"));
        assertEquals(300, jmx.getAttribute(name("type=Handler,name=files"), "Ranking"));
        Files.delete(file);
    }

    @Test
    public void withoutEventAdminTheBundleRunsAndPublishesNothing() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle("io.reclaim.management").getState());
        assertEquals(null, context.getServiceReference(io.reclaim.api.ProcessListener.class));
        Pid pid = spawn("no-events");
        assertTrue(service(ProcessManager.class).terminate(pid, java.time.Duration.ZERO).errors().isEmpty());
    }

    @Test
    public void aBadPidIsRefusedWithOneClearMessage() throws Exception {
        try {
            jmx.invoke(name("type=Processes"), "terminate", new Object[] { 999_999L, 0L }, new String[] { "long", "long" });
            throw new AssertionError("terminate of an unknown pid succeeded");
        } catch (javax.management.RuntimeMBeanException e) {
            assertEquals("no process with pid 999999", e.getCause().getMessage());
        }
    }

    @Test
    public void theLeaksMBeanShowsResourcesTrackedForAnEndedPid() throws Exception {
        Leaky leaky = new Leaky();
        ServiceRegistration<ResourceCleanup> registration = register(leaky, 350);
        Path file = Files.createTempFile("leak", ".bin");
        try {
            await("the leaky handler's MBean", () -> isRegistered(name("type=Handler,name=leaky")));
            assertEquals(0L, jmx.getAttribute(name("type=Leaks"), "LeakedResources"));
            Pid pid = spawn("leaker");
            leaky.open(pid, file);
            service(ProcessManager.class).terminate(pid, java.time.Duration.ZERO);

            assertEquals(1L, jmx.getAttribute(name("type=Leaks"), "LeakedResources"));
            assertEquals(pid.value(), ((long[]) jmx.getAttribute(name("type=Leaks"), "LeakedPids"))[0]);
            assertEquals(1L, jmx.getAttribute(name("type=Handler,name=leaky"), "Errors"));
        } finally {
            registration.unregister();
            leaky.close();
            Files.delete(file);
        }
        await("the leaky handler's MBean gone", () -> !isRegistered(name("type=Handler,name=leaky")));
    }

    @Test
    public void theMBeansAreUnregisteredWhenTheBundleStopsAndBackWhenItStarts() throws Exception {
        Bundle management = bundle("io.reclaim.management");
        management.stop();
        try {
            assertEquals(Set.of(), reclaimMBeans());
        } finally {
            management.start();
        }
        await("the MBeans back", () -> isRegistered(name("type=Processes")) && isRegistered(name("type=Handler,name=files")));
        assertFalse(reclaimMBeans().isEmpty());
    }

    private boolean isRegistered(ObjectName name) {
        try {
            return jmx.isRegistered(name);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
