package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
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
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceLimitExceededException;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ledger.Lease;
import io.reclaim.files.FileManager;
import io.reclaim.sockets.SocketManager;

/**
 * Who owns what, beyond one pid: resources handed to another pid, an heir, per-pid limits and
 * process trees, on the real bundles, checked in /proc.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OwnershipIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void aSocketHandedToAnotherPidSurvivesItsFirstOwnerAndIsClosedWithTheSecond() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        SocketManager sockets = service(SocketManager.class);
        Pid first = processes.spawn(ProcessSpec.named("first")).pid();
        Pid second = processes.spawn(ProcessSpec.named("second")).pid();
        long fdsBefore = openFds();
        Lease<ServerSocketChannel> lease = sockets.listen(first, new InetSocketAddress("127.0.0.1", 0));
        ServerSocketChannel channel = lease.resource(first);
        assertEquals(fdsBefore + 1, openFds());

        Lease<ServerSocketChannel> handed = lease.transfer(first, second);
        CleanupResult firstEnded = processes.terminate(first, Duration.ZERO);

        assertEquals(0, firstEnded.outcome(SocketManager.TYPE).stats().resourcesFreed());
        assertTrue(channel.isOpen());
        assertEquals(fdsBefore + 1, openFds());
        assertEquals(channel, handed.resource(second));
        CleanupResult secondEnded = processes.terminate(second, Duration.ZERO);
        assertEquals(1, secondEnded.outcome(SocketManager.TYPE).stats().resourcesFreed());
        assertFalse(channel.isOpen());
        assertEquals(fdsBefore, openFds());
    }

    @Test
    public void anHeirGetsTheFilesOfAProcessThatEndsAndTheResultSaysSo() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Pid heir = processes.spawn(ProcessSpec.named("heir")).pid();
        Pid dying = processes.spawn(ProcessSpec.named("dying").withHeir(heir)).pid();
        long fdsBefore = openFds();
        files.open(dying, Files.createTempFile("heir", ".txt"), StandardOpenOption.WRITE);
        files.open(dying, Files.createTempFile("heir", ".txt"), StandardOpenOption.WRITE);

        CleanupResult ended = processes.terminate(dying, Duration.ZERO);

        assertEquals(2, ended.outcome(FileManager.TYPE).stats().resourcesInherited());
        assertEquals(2, ended.total().resourcesInherited());
        assertEquals(fdsBefore + 2, openFds());
        assertEquals(2, service(ResourceOrchestrator.class).usage(heir).get(FileManager.TYPE).count());
        processes.terminate(heir, Duration.ZERO);
        assertEquals(fdsBefore, openFds());
    }

    @Test
    public void aPidOverItsFileLimitGetsTheExceptionAndHoldsExactlyTheLimit() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Pid pid = processes.spawn(ProcessSpec.named("limited").withProperty("limit.files.count", "3")).pid();
        Path file = Files.createTempFile("limit", ".txt");
        long fdsBefore = openFds();
        List<Lease<FileChannel>> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opened.add(files.open(pid, file, StandardOpenOption.WRITE));
        }

        ResourceLimitExceededException refused = assertThrows(ResourceLimitExceededException.class,
                () -> files.open(pid, file, StandardOpenOption.WRITE));

        assertEquals("pid " + pid + " holds 3 files, its limit is 3: refused", refused.getMessage());
        assertEquals(fdsBefore + 3, openFds());
        assertEquals(3, service(ResourceOrchestrator.class).usage(pid).get(FileManager.TYPE).count());
        files.close(pid, opened.get(0));
        files.open(pid, file, StandardOpenOption.WRITE);
        processes.terminate(pid, Duration.ZERO);
        assertEquals(fdsBefore, openFds());
    }

    @Test
    public void killTreeOnAThreeLevelTreeWithOsChildrenLeavesNothingInProc() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        long fdsBefore = openFds();
        ProcessInfo root = processes.spawn(ProcessSpec.named("root").withCommand("sleep", "300"));
        ProcessInfo middle = processes.spawn(ProcessSpec.named("middle").withParent(root.pid())
                .withCommand("sh", "-c", "sleep 300 & wait"));
        ProcessInfo leaf = processes.spawn(ProcessSpec.named("leaf").withParent(middle.pid())
                .withCommand("sleep", "300"));
        List<ProcessInfo> tree = List.of(root, middle, leaf);
        for (ProcessInfo member : tree) {
            files.open(member.pid(), Files.createTempFile("tree", ".txt"), StandardOpenOption.WRITE);
        }
        await("the middle's own sleep started", () -> ProcessHandle.of(middle.osPid()).orElseThrow().children().count() == 1);
        List<Long> osPids = new ArrayList<>();
        for (ProcessInfo member : tree) {
            osPids.add(member.osPid());
        }
        ProcessHandle.of(middle.osPid()).orElseThrow().children().forEach(child -> osPids.add(child.pid()));

        CleanupResult result = processes.terminateTree(root.pid(), Duration.ofSeconds(5));

        assertEquals(3, result.outcomes().stream().filter(o -> o.resourceType().equals(FileManager.TYPE))
                .mapToLong(o -> o.stats().resourcesFreed()).sum());
        for (ProcessInfo member : tree) {
            assertEquals(ProcessState.TERMINATED, processes.info(member.pid()).orElseThrow().state());
        }
        for (long osPid : osPids) {
            await("OS process " + osPid + " gone from /proc", () -> !Files.exists(Path.of("/proc", Long.toString(osPid)))
                    || isZombie(osPid));
        }
        assertEquals(fdsBefore, openFds());
    }

    private static boolean isZombie(long osPid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(osPid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).charAt(0) == 'Z';
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
