package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;
import io.reclaim.example.tempdir.TempDirManager;
import io.reclaim.files.FileManager;
import io.reclaim.sockets.SocketManager;

/**
 * The example resource type, installed into a platform that is already running, as a third party
 * would ship it. Each test gets a fresh framework: the probe wires to the example's package when
 * the bundle first appears, and an uninstalled bundle must not leak into the next test.
 *
 * <p>The example's classes are only touched after {@link #installExample()}: the probe imports
 * their package dynamically, and it does not exist before.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class CustomResourceTypeIT extends ReclaimTestSupport {

    private static final String EXAMPLE = "reclaim-example-tempdir";
    private static final List<String> PLATFORM_ORDER = List.of("os-process", "sockets", "files");
    private static final List<String> WITH_TEMPDIR = List.of("os-process", "sockets", "files", "tempdir");

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void aResourceTypeInstalledAtRuntimeJoinsTheCleanupOrderWithoutARestart() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        service(SocketManager.class);
        await("the platform's handlers are up", () -> order().equals(PLATFORM_ORDER));
        Pid holder = processes.spawn(ProcessSpec.named("holder")).pid();
        files.open(holder, Files.createTempFile("holder", ".txt"), StandardOpenOption.WRITE);

        Bundle example = installExample();

        await("tempdir is a handler", () -> order().contains("tempdir"));
        assertEquals(WITH_TEMPDIR, order());
        HandlerInfo tempdir = handlers().get(3);
        assertEquals(TempDirManager.RANKING, tempdir.ranking());
        assertEquals(example.getSymbolicName(), tempdir.bundle());
        assertEquals("io.reclaim.example-tempdir", tempdir.bundle());
        // nothing restarted: the same files component still holds what it held before
        assertSame(files, service(FileManager.class));
        assertTrue(handler(FileManager.TYPE).hasResources(holder));

        CleanupResult result = processes.terminate(holder, Duration.ZERO);

        assertEquals(WITH_TEMPDIR, result.order());
        assertEquals(1, result.outcome("files").stats().resourcesFreed());
        assertEquals(CleanupStats.NONE, result.outcome("tempdir").stats());
        assertEquals(0, result.total().errorsEncountered());
    }

    @Test
    public void aPidsDirectoriesAreDeletedWhenItTerminatesAndOthersAreKept() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        installExample();
        TempDirManager tempdirs = service(TempDirManager.class);
        Pid pid = processes.spawn(ProcessSpec.named("builder")).pid();
        Pid bystander = processes.spawn(ProcessSpec.named("bystander")).pid();

        Path build = tempdirs.create(pid, "build").resource(pid);
        Path cache = tempdirs.create(pid, "cache").resource(pid);
        long written = write(build.resolve("out.bin"), 1000)
                + write(build.resolve("classes/io/reclaim/A.class"), 4096)
                + write(cache.resolve("index"), 70_000);
        Path kept = tempdirs.create(bystander, "build").resource(bystander);
        long keptBytes = write(kept.resolve("out.bin"), 10);
        assertEquals(new ResourceUsage(2, written), service(ResourceOrchestrator.class).usage(pid).get("tempdir"));

        CleanupResult result = processes.terminate(pid, Duration.ofSeconds(1));

        assertEquals(WITH_TEMPDIR, result.order());
        assertEquals(CleanupStats.freed(2, written), result.outcome("tempdir").stats());
        assertEquals(0, result.total().errorsEncountered());
        assertFalse(Files.exists(build));
        assertFalse(Files.exists(cache));
        assertFalse(handler(TempDirManager.TYPE).hasResources(pid));
        assertEquals(keptBytes, Files.size(kept.resolve("out.bin")));

        assertEquals(CleanupStats.freed(1, keptBytes),
                processes.terminate(bystander, Duration.ZERO).outcome("tempdir").stats());
        assertFalse(Files.exists(kept));
    }

    @Test
    public void anOsProcessThatExitsByItselfHasItsDirectoriesDeleted() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        installExample();
        TempDirManager tempdirs = service(TempDirManager.class);
        Path flag = Files.createTempFile("reclaim-tempdir-exit", ".flag");
        Files.delete(flag);
        ProcessInfo child = processes.spawn(ProcessSpec.named("exits")
                .withCommand("sh", "-c", "while [ ! -e '" + flag + "' ]; do sleep 0.05; done; exit 0"));
        Pid pid = child.pid();
        Path dir = tempdirs.create(pid, "scratch").resource(pid);
        long written = write(dir.resolve("a/b/c.dat"), 12_345);

        Files.createFile(flag);
        await("the exited process is TERMINATED",
                () -> processes.info(pid).map(ProcessInfo::state).orElse(null) == ProcessState.TERMINATED);

        CleanupResult result = processes.info(pid).orElseThrow().cleanup();
        assertEquals(CleanupStats.freed(1, written), result.outcome("tempdir").stats());
        assertFalse(Files.exists(dir));
        Files.deleteIfExists(flag);
    }

    @Test
    public void uninstallingTheBundleDeletesWhatItStillHeldForLivePids() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        Bundle example = installExample();
        TempDirManager tempdirs = service(TempDirManager.class);
        await("tempdir is a handler", () -> order().equals(WITH_TEMPDIR));
        Pid pid = processes.spawn(ProcessSpec.named("live")).pid();
        Path one = tempdirs.create(pid, "one").resource(pid);
        Path two = tempdirs.create(pid, "two").resource(pid);
        write(one.resolve("data"), 100);
        write(two.resolve("nested/data"), 200);
        Path run = one.getParent();

        example.uninstall();

        assertFalse(Files.exists(one));
        assertFalse(Files.exists(two));
        assertFalse("the run's own directory is gone too", Files.exists(run));
        assertEquals(ProcessState.RUNNING, processes.info(pid).orElseThrow().state());
        await("tempdir is no handler any more", () -> order().equals(PLATFORM_ORDER));

        CleanupResult result = processes.terminate(pid, Duration.ZERO);
        assertEquals(PLATFORM_ORDER, result.order());
        assertNull(result.outcome("tempdir"));
        assertEquals(0, result.total().errorsEncountered());
    }

    /** Installs and starts the example bundle, as {@code install -s file:...} would in a shell. */
    private Bundle installExample() throws BundleException {
        Bundle example = context.installBundle(reclaimBundleFile(EXAMPLE).toURI().toString());
        example.start();
        return example;
    }

    private List<HandlerInfo> handlers() {
        return service(ResourceOrchestrator.class).handlers();
    }

    private List<String> order() {
        return handlers().stream().map(HandlerInfo::resourceType).collect(Collectors.toList());
    }

    private static long write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        return bytes;
    }
}
