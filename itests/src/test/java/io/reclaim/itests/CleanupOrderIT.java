package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.files.FileManager;
import io.reclaim.sockets.SocketManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class CleanupOrderIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    /** A third party's resource type: real file channels, tracked by the api's ledger. */
    static final class ScratchFiles extends ResourceManagerSupport<FileChannel> {

        /** Registered by the test itself, as a third party's bundle would register its handler. */
        @Override
        public ResourceCleanup cleanupHandler() {
            return super.cleanupHandler();
        }

        @Override
        public boolean hasResources(Pid pid) {
            return super.hasResources(pid);
        }
        ScratchFiles(ProcessGate gate) {
            super("scratch", gate);
        }

        FileChannel open(Pid pid, Path path) throws IOException {
            return ledger().acquire(pid, () -> FileChannel.open(path, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)).resource(pid);
        }

        @Override
        protected void release(FileChannel channel) throws IOException {
            channel.close();
        }
    }

    private List<String> order() {
        return service(ResourceOrchestrator.class).handlers().stream().map(HandlerInfo::resourceType)
                .collect(Collectors.toList());
    }

    @Test
    public void handlersAreDiscoveredAndRunInDescendingRanking() throws Exception {
        service(FileManager.class);
        service(SocketManager.class);
        List<HandlerInfo> handlers = service(ResourceOrchestrator.class).handlers();
        assertEquals(List.of("os-process", "sockets", "files"), order());
        assertEquals(List.of(1000, 500, 300), handlers.stream().map(HandlerInfo::ranking).collect(Collectors.toList()));
        assertEquals("io.reclaim.resource-sockets", handlers.get(1).bundle());

        ProcessManager processes = service(ProcessManager.class);
        Pid pid = processes.spawn(ProcessSpec.named("order")).pid();
        service(FileManager.class).open(pid, Files.createTempFile("order", ".txt"), StandardOpenOption.WRITE);
        CleanupResult result = processes.terminate(pid, Duration.ZERO);

        assertEquals(List.of("os-process", "sockets", "files"), result.order());
        assertEquals(1, result.outcome("files").stats().resourcesFreed());
    }

    @Test
    public void aRankingChangedThroughConfigurationAdminReordersWithoutRestart() throws Exception {
        service(FileManager.class);
        service(SocketManager.class);
        long filesBundleState = bundle("io.reclaim.resource-files").getState();
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration("io.reclaim.files", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 1200);
        config.update(properties);
        try {
            await("files runs first", () -> order().get(0).equals("files"));
            assertEquals(List.of("files", "os-process", "sockets"), order());
            assertEquals(filesBundleState, bundle("io.reclaim.resource-files").getState());

            // the component was re-ranked, not restarted: what a process holds survives the change
            ProcessManager processes = service(ProcessManager.class);
            Pid pid = processes.spawn(ProcessSpec.named("reranked")).pid();
            service(FileManager.class).open(pid, Files.createTempFile("rerank", ".txt"), StandardOpenOption.WRITE);
            assertEquals(List.of("files", "os-process", "sockets"), processes.terminate(pid, Duration.ZERO).order());
        } finally {
            config.delete();
        }
        await("files back at 300", () -> order().equals(List.of("os-process", "sockets", "files")));
    }

    @Test
    public void aHandlerRegisteredAtRuntimeByAnotherBundleIsPickedUpAndCleaned() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        ScratchFiles scratch = new ScratchFiles(processes);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, "scratch");
        properties.put(Constants.SERVICE_RANKING, 400);
        ServiceRegistration<ResourceCleanup> registration = context.registerService(ResourceCleanup.class, scratch.cleanupHandler(), properties);
        try {
            await("scratch is a handler", () -> order().contains("scratch"));
            assertEquals(List.of("os-process", "sockets", "scratch", "files"), order());

            long fdsBefore = openFds();
            Pid pid = processes.spawn(ProcessSpec.named("scratcher")).pid();
            FileChannel channel = scratch.open(pid, Files.createTempFile("scratch", ".bin"));
            assertEquals(fdsBefore + 1, openFds());

            CleanupResult result = processes.terminate(pid, Duration.ZERO);

            assertEquals(1, result.outcome("scratch").stats().resourcesFreed());
            assertFalse(channel.isOpen());
            assertEquals(fdsBefore, openFds());
        } finally {
            registration.unregister();
        }
        await("scratch is gone", () -> !order().contains("scratch"));
        assertTrue(order().contains("files"));
    }
}
