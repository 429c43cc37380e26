package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.stream.Stream;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;
import io.reclaim.itests.ReclaimTestSupport;
import io.reclaim.memory.MemoryManager;
import io.reclaim.signals.SignalManager;
import io.reclaim.sockets.SocketManager;

/**
 * What the fault-injection tests share: a pid holding real resources of several types, the
 * misbehaving parties registered as services of the test bundle, and the checks that nothing is
 * left behind.
 */
abstract class FaultSupport extends ReclaimTestSupport {

    /** Gives {@code pid} an open file, a TCP listener, 64 KiB of direct memory and a signal handler. */
    protected void holdResources(Pid pid) throws IOException {
        Path file = Files.createTempFile("fault", ".bin");
        file.toFile().deleteOnExit();
        service(FileManager.class).open(pid, file, StandardOpenOption.WRITE);
        service(SocketManager.class).listen(pid, new InetSocketAddress("127.0.0.1", 0));
        service(MemoryManager.class).allocate(pid, 64 * 1024);
        service(SignalManager.class).handle(pid, "USR1", signal -> { });
    }

    /** No handler's ledger knows {@code pid} any more. */
    protected void assertNothingHeldBy(Pid pid) {
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        assertFalse("still held: " + orchestrator.holdings().get(pid), orchestrator.holdings().containsKey(pid));
        assertEquals(java.util.Map.of(), orchestrator.usage(pid));
    }

    protected ServiceRegistration<ResourceCleanup> registerHandler(ResourceCleanup handler, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, handler.resourceType());
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(ResourceCleanup.class, handler, properties);
    }

    /** @return the rank the orchestrator runs {@code type} at, or {@code Integer.MIN_VALUE} if it does not */
    protected int rankOf(String type) {
        return service(ResourceOrchestrator.class).handlers().stream()
                .filter(h -> java.util.Objects.equals(h.resourceType(), type))
                .mapToInt(io.reclaim.api.HandlerInfo::ranking).findFirst().orElse(Integer.MIN_VALUE);
    }

    /** @return the types in the orchestrator's cleanup order */
    protected java.util.List<String> types() {
        return service(ResourceOrchestrator.class).handlers().stream().map(io.reclaim.api.HandlerInfo::resourceType)
                .toList();
    }

    /** @return the threads of this JVM, as the kernel counts them */
    protected static long osThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
