package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CloseableResourceManager;
import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.files.FileManager;
import io.reclaim.iouring.IoUringManager;
import io.reclaim.ipc.IpcManager;
import io.reclaim.memory.MemoryManager;
import io.reclaim.mmap.MmapManager;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.signals.SignalManager;
import io.reclaim.sockets.SocketManager;
import io.reclaim.tasks.TaskManager;
import io.reclaim.timers.TimerManager;
import io.reclaim.zerocopy.ZeroCopyManager;

/**
 * Holding a resource manager's service grants no power over other pids (DESIGN rule 13): this test
 * bundle, a consumer like any other, gets every owners' service and finds neither a cleanup nor a
 * close in it; the cleanup handlers are services of their own, which still rank and re-rank.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OwnersServiceIT extends FaultSupport {

    /** The methods of {@link ResourceCleanup} and of a closeable manager, by name and parameters. */
    private static final Set<String> CLEANUP_POWERS = signatures(ResourceCleanup.class, CloseableResourceManager.class);

    private static final List<Class<?>> OWNERS_SERVICES = List.of(FileManager.class, SocketManager.class,
            MmapManager.class, MemoryManager.class, Scheduler.class, TaskManager.class, TimerManager.class,
            SignalManager.class, IpcManager.class, ZeroCopyManager.class, IoUringManager.class);

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void noOwnersServiceIsACleanupHandlerOrCloseable() {
        for (Class<?> type : OWNERS_SERVICES) {
            Object manager = service(type);
            ServiceReference<?> reference = context.getServiceReference(type);
            List<String> objectClasses = new ArrayList<>(Arrays.asList((String[]) reference.getProperty(Constants.OBJECTCLASS)));
            objectClasses.remove(CpuAccounting.class.getName()); // the scheduler's accounting, which needs a lease to charge
            assertEquals(type.getSimpleName() + " is registered under its own interface alone",
                    List.of(type.getName()), objectClasses);
            assertFalse(type.getSimpleName(), manager instanceof ResourceCleanup);
            assertFalse(type.getSimpleName(), manager instanceof CloseableResourceManager);
            assertFalse(type.getSimpleName(), manager instanceof TerminationListener);
            assertTrue(type.getSimpleName() + " methods: " + signatures(manager.getClass()),
                    signatures(manager.getClass()).stream().noneMatch(CLEANUP_POWERS::contains));
        }
        // the managers share the ledger's base class: casting a service to it reaches no cleanup either
        assertTrue(signatures(ResourceManagerSupport.class).toString(),
                signatures(ResourceManagerSupport.class).stream().noneMatch(CLEANUP_POWERS::contains));
    }

    @Test
    public void anotherPidsFilesAreReleasedOnlyByItsHandlerWhenItEnds() throws Exception {
        FileManager files = service(FileManager.class);
        ResourceCleanup handler = handler(FileManager.TYPE);
        assertNotSame(files, handler);
        assertFalse("the handler is no owners' service", handler instanceof FileManager);
        long fds = openFds();
        Pid holder = spawn("holder");
        Path file = Files.createTempFile("owned", ".bin");
        try {
            files.open(holder, file, StandardOpenOption.WRITE);
            assertEquals(fds + 1, openFds());
            assertTrue(handler.hasResources(holder));

            CleanupResult result = service(ProcessManager.class).terminate(holder, Duration.ZERO);

            assertEquals(1, result.outcome(FileManager.TYPE).stats().resourcesFreed());
            assertFalse(handler.hasResources(holder));
            assertEquals(openFdTargets().toString(), fds, openFds());
            assertNothingHeldBy(holder);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void theSignalManagersTerminationListenerIsAServiceOfItsOwn() {
        SignalManager signals = service(SignalManager.class);
        TerminationListener listener = service(TerminationListener.class,
                "(" + ResourceCleanup.RESOURCE_TYPE + "=" + SignalManager.TYPE + ")");
        assertNotSame(signals, listener);
        assertFalse(listener instanceof SignalManager);
    }

    @Test
    public void theFilesHandlerCarriesItsComponentsRankingAndIsReRanked() throws Exception {
        ServiceReference<ResourceCleanup> reference = handlerReference(FileManager.TYPE);
        assertEquals(ResourceCleanup.RANKING_FILES, reference.getProperty(Constants.SERVICE_RANKING));
        assertEquals("io.reclaim.files", reference.getProperty("component.name"));
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.files", "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_RANKING, "550"); // text, as Karaf stores it
            config.update(properties);
            await("files ranks 550", () -> rankOf(FileManager.TYPE) == 550);
            assertEquals("550", handlerReference(FileManager.TYPE).getProperty(Constants.SERVICE_RANKING));
            assertTrue(types().indexOf(FileManager.TYPE) < types().indexOf(SocketManager.TYPE));
            assertEquals("the owners' service is still the same one", reference.getBundle(),
                    context.getServiceReference(FileManager.class).getBundle());
        } finally {
            config.delete();
        }
        await("files is back at its default rank", () -> rankOf(FileManager.TYPE) == ResourceCleanup.RANKING_FILES);
    }

    private ServiceReference<ResourceCleanup> handlerReference(String type) {
        handler(type); // waits for it
        try {
            return context.getServiceReferences(ResourceCleanup.class, "(" + ResourceCleanup.RESOURCE_TYPE + "=" + type + ")")
                    .iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the public methods of {@code types} (Object's aside) as {@code name(parameter types)} */
    private static Set<String> signatures(Class<?>... types) {
        return Arrays.stream(types).flatMap(type -> Arrays.stream(type.getMethods()))
                .filter(m -> m.getDeclaringClass() != Object.class)
                .map(m -> m.getName() + Arrays.toString(m.getParameterTypes()))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
