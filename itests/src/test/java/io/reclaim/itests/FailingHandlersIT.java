package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailingHandlersIT extends ReclaimTestSupport {

    private static final long TIMEOUT_MS = 2000;

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    /** A handler that fails in one of two ways for every pid. */
    static final class Broken implements ResourceCleanup {
        final String type;
        final CountDownLatch released = new CountDownLatch(1);

        Broken(String type) {
            this.type = type;
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            if (type.equals("throws")) {
                throw new IllegalStateException("disk on fire");
            }
            try {
                released.await(60, TimeUnit.SECONDS); // hangs far past the timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CleanupStats.NONE;
        }

        @Override
        public String resourceType() {
            return type;
        }

        @Override
        public boolean hasResources(Pid pid) {
            return true;
        }
    }

    private ServiceRegistration<ResourceCleanup> register(ResourceCleanup handler, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, handler.resourceType());
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(ResourceCleanup.class, handler, properties);
    }

    @Test
    public void aThrowingAndAHangingHandlerStopNothing() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.orchestrator", "?");
        Dictionary<String, Object> timeout = new Hashtable<>();
        timeout.put("handler.timeout.ms", TIMEOUT_MS);
        config.update(timeout);
        Broken throwing = new Broken("throws");
        Broken hanging = new Broken("hangs");
        ServiceRegistration<ResourceCleanup> one = register(throwing, 600);
        ServiceRegistration<ResourceCleanup> two = register(hanging, 400);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("both broken handlers are known", () -> orchestrator.handlers().size() == 5);
        try {
            ProcessManager processes = service(ProcessManager.class);
            Pid pid = processes.spawn(ProcessSpec.named("victim")).pid();
            service(FileManager.class).open(pid, Files.createTempFile("victim", ".txt"), StandardOpenOption.WRITE);
            long fdsBefore = openFds();

            CleanupResult result = processes.terminate(pid, Duration.ZERO);

            assertEquals(List.of("os-process", "throws", "sockets", "hangs", "files"), result.order());
            assertTrue(result.outcome("throws").error(), result.outcome("throws").error().contains("disk on fire"));
            assertTrue(result.outcome("hangs").error(), result.outcome("hangs").error().contains("timed out"));
            assertNull(result.outcome("sockets").error());
            assertNull(result.outcome("files").error());
            assertEquals(1, result.outcome("files").stats().resourcesFreed());
            assertEquals(fdsBefore - 1, openFds());
            assertEquals(2, result.errors().size());
            // abandoned after its timeout, not waited for
            assertTrue(result.duration().toString(), result.outcome("hangs").duration().toMillis() >= TIMEOUT_MS);
            assertTrue(result.duration().toString(), result.duration().toMillis() < 30_000);
            assertFalse(handler(FileManager.TYPE).hasResources(pid));
        } finally {
            hanging.released.countDown();
            one.unregister();
            two.unregister();
            config.delete();
        }
    }
}
