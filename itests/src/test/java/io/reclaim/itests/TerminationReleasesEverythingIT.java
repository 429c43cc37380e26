package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.Lease;
import io.reclaim.files.FileManager;
import io.reclaim.sockets.SocketManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TerminationReleasesEverythingIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void filesAndSocketsAreClosedWhenProcessTerminates() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        SocketManager sockets = service(SocketManager.class);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Path dir = Files.createTempDirectory("reclaim-it");
        long fdsBefore = openFds();

        Pid pid = processes.spawn(ProcessSpec.named("holder")).pid();
        for (int i = 0; i < 100; i++) {
            files.open(pid, dir.resolve("f" + i), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        List<Lease<ServerSocketChannel>> listeners = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            listeners.add(sockets.listen(pid, loopback));
        }
        for (int i = 0; i < 20; i++) {
            sockets.udp(pid, loopback);
        }
        int port = sockets.port(pid, listeners.get(0));
        Lease<SocketChannel> client = sockets.connect(pid, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Lease<SocketChannel> served = sockets.accept(pid, listeners.get(0));
        assertTrue(client.resource(pid).isConnected());
        assertTrue(served.resource(pid).isConnected());

        assertEquals(fdsBefore + 142, openFds());
        assertEquals(new ResourceUsage(100, 0), service(ResourceOrchestrator.class).usage(pid).get("files"));
        assertEquals(new ResourceUsage(42, 0), service(ResourceOrchestrator.class).usage(pid).get("sockets"));

        CleanupResult result = processes.terminate(pid, Duration.ofSeconds(1));

        assertEquals(fdsBefore, openFds());
        assertEquals(100, result.outcome("files").stats().resourcesFreed());
        assertEquals(42, result.outcome("sockets").stats().resourcesFreed());
        assertEquals(142, result.total().resourcesFreed());
        assertEquals(0, result.total().errorsEncountered());
        assertFalse(handler(FileManager.TYPE).hasResources(pid));
        assertFalse(handler(SocketManager.TYPE).hasResources(pid));
        assertTrue(service(ResourceOrchestrator.class).usage(pid).isEmpty());
    }
}
