package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;

/** Each health check goes from OK to WARN or CRITICAL on a provoked fault, and back when it is gone. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthChecksIT extends ManagementITSupport {

    @Configuration
    public Option[] configuration() {
        return managed();
    }

    private Result execute(String name) {
        HealthCheck check = service(HealthCheck.class, "(&(hc.name=" + name + ")(hc.tags=reclaim))");
        return check.execute();
    }

    private void awaitStatus(String name, Result.Status status) throws InterruptedException {
        await(name + " " + status, () -> execute(name).getStatus() == status);
    }

    private org.osgi.service.cm.Configuration configure(String pid, String key, Object value) throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        config.update(properties);
        return config;
    }

    @Test
    public void leaksGoesWarnOnALeakCriticalPastItsCountAndOkWhenReaped() throws Exception {
        assertEquals(Result.Status.OK, execute("reclaim-leaks").getStatus());
        Leaky leaky = new Leaky();
        ServiceRegistration<ResourceCleanup> registration = register(leaky, 350);
        Path file = Files.createTempFile("leak", ".bin");
        org.osgi.service.cm.Configuration config = null;
        try {
            Pid first = spawn("leaker");
            leaky.open(first, file);
            service(ProcessManager.class).terminate(first, Duration.ZERO);

            Result warn = execute("reclaim-leaks");
            assertEquals(warn.toString(), Result.Status.WARN, warn.getStatus());
            assertTrue(warn.toString(), warn.toString().contains("pid " + first + " leaky 1 resources"));

            config = configure("io.reclaim.health.leaks", "critical.count", 0L);
            awaitStatus("reclaim-leaks", Result.Status.CRITICAL);
        } finally {
            registration.unregister();
            leaky.close();
            Files.delete(file);
        }
        assertEquals(Result.Status.OK, execute("reclaim-leaks").getStatus());
        config.delete();
    }

    @Test
    public void cleanupsGoesCriticalWhileAHandlerIsStuckPastItsTimeoutAndOkWhenItReturns() throws Exception {
        assertEquals(Result.Status.OK, execute("reclaim-cleanups").getStatus());
        org.osgi.service.cm.Configuration config = configure("io.reclaim.orchestrator", "handler.timeout.ms", 300L);
        Hanging hanging = new Hanging();
        ServiceRegistration<ResourceCleanup> registration = register(hanging, 250);
        try {
            Pid pid = spawn("stuck");
            service(ProcessManager.class).terminate(pid, Duration.ZERO);

            Result critical = execute("reclaim-cleanups");
            assertEquals(critical.toString(), Result.Status.CRITICAL, critical.getStatus());
            assertTrue(critical.toString(), critical.toString().contains("hanging=1"));
        } finally {
            hanging.release.countDown();
        }
        awaitStatus("reclaim-cleanups", Result.Status.OK);
        registration.unregister();
        config.delete();
    }

    @Test
    public void handlersGoesCriticalWhenAnExpectedResourceBundleStopsAndOkWhenItStarts() throws Exception {
        // as a .cfg file gives it: one comma-separated string
        org.osgi.service.cm.Configuration config = configure("io.reclaim.health.handlers", "expected.types",
                "os-process, files,sockets");
        awaitStatus("reclaim-handlers", Result.Status.OK);
        Bundle sockets = bundle("io.reclaim.resource-sockets");
        sockets.stop();
        try {
            Result critical = execute("reclaim-handlers");
            assertEquals(critical.toString(), Result.Status.CRITICAL, critical.getStatus());
            assertTrue(critical.toString(), critical.toString().contains("no cleanup handler for sockets"));
        } finally {
            sockets.start();
        }
        awaitStatus("reclaim-handlers", Result.Status.OK);
        config.delete();
    }
}
