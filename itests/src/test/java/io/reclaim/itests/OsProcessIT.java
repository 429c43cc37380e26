package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.reclaim.api.Ending;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.files.FileManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsProcessIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void terminatingAnOsProcessEndsItsGrandchildrenToo() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        ProcessInfo shell = processes.spawn(ProcessSpec.named("tree").withCommand("sh", "-c", "sleep 600 & sleep 600"));
        long osPid = shell.osPid();
        await("both sleeps run", () -> sleepsOf(osPid).size() == 2);
        List<Long> tree = sleepsOf(osPid);

        processes.terminate(shell.pid(), Duration.ofSeconds(2));

        assertFalse("sh " + osPid + " is gone", osProcessAlive(osPid));
        for (long sleep : tree) {
            assertFalse("sleep " + sleep + " is gone", osProcessAlive(sleep));
        }
    }

    @Test
    public void anOsProcessThatExitsByItselfHasItsResourcesCleanedWithoutTerminate() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Path gate = Files.createTempFile("reclaim-exit", ".flag");
        Files.delete(gate);
        long fdsBefore = openFds();
        ProcessInfo child = processes.spawn(ProcessSpec.named("exits")
                .withCommand("sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 3"));
        Pid pid = child.pid();
        for (int i = 0; i < 5; i++) {
            files.open(pid, Files.createTempFile("held", ".txt"), StandardOpenOption.WRITE);
        }
        assertEquals(fdsBefore + 5, openFds());

        Files.createFile(gate);
        await("the exited process is TERMINATED", () -> processes.info(pid).map(ProcessInfo::state)
                .orElse(null) == ProcessState.TERMINATED);

        ProcessInfo ended = processes.info(pid).orElseThrow();
        assertEquals(Ending.EXITED, ended.ending());
        assertEquals(Integer.valueOf(3), ended.exitCode());
        assertNotNull(ended.cleanup());
        assertEquals(5, ended.cleanup().outcome("files").stats().resourcesFreed());
        assertFalse(handler(FileManager.TYPE).hasResources(pid));
        assertEquals(fdsBefore, openFds());
        assertFalse(osProcessAlive(child.osPid()));
    }

    /** The {@code sleep} processes below {@code root}, found through /proc so reparenting cannot hide them. */
    private static List<Long> sleepsOf(long root) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                .filter(p -> p.parent().map(ProcessHandle::pid).orElse(0L) == root || inGroup(p.pid(), root))
                .map(ProcessHandle::pid)
                .collect(Collectors.toList());
    }

    private static boolean inGroup(long pid, long group) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]) == group;
        } catch (Exception gone) {
            return false;
        }
    }

    @Test
    public void processesTerminatedStayVisibleWithTheirResult() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        Pid pid = processes.spawn(ProcessSpec.named("short-lived")).pid();
        processes.terminate(pid, Duration.ZERO);

        ProcessInfo info = processes.info(pid).orElseThrow();
        assertEquals(ProcessState.TERMINATED, info.state());
        assertTrue(processes.history().stream().anyMatch(p -> p.pid().equals(pid)));
        assertFalse(processes.list().stream().anyMatch(p -> p.pid().equals(pid)));
    }
}
