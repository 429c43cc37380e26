package io.reclaim.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** The page's actions and views on the real orchestrator and process manager, with real OS children and files. */
public class ActionsTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final FailingOnceFiles files = new FailingOnceFiles();
    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().register(files, 300).build();
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build();
    private final Views views = new Views(processes, orchestrator);
    private final Actions actions = new Actions(processes, orchestrator, views, new RankingStore(null, null));

    @After
    public void stop() throws Exception {
        processes.close();
        orchestrator.close();
        files.close();
    }

    private static boolean running(long osPid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(osPid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String line = Files.readString(stat);
        char state = line.charAt(line.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    @Test
    public void aSpawnedOsChildIsListedAndAKillEndsItWithEveryHandlersResult() throws Exception {
        Map<String, Object> spawned = actions.spawn("web", "sh -c 'sleep 60; exit 0'");
        long pid = (Long) spawned.get("pid");
        long osPid = (Long) spawned.get("osPid");
        assertTrue(running(osPid));
        List<Map<String, Object>> live = views.processes();
        assertEquals(1, live.size());
        assertEquals("RUNNING", live.get(0).get("state"));
        assertEquals(List.of("sh", "-c", "sleep 60; exit 0"), live.get(0).get("command"));

        Map<String, Object> result = actions.kill(Long.toString(pid), "0");
        assertFalse("os child " + osPid + " still runs", running(osPid));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> handlers = (List<Map<String, Object>>) result.get("handlers");
        assertEquals("os-process", handlers.get(0).get("type"));
        assertTrue("freed " + handlers.get(0).get("freed"), (Long) handlers.get(0).get("freed") >= 1);
        assertTrue(views.processes().isEmpty());
        assertEquals(pid, views.history().get(0).get("pid"));
        assertTrue(Json.write(views.history()).contains("\"type\":\"os-process\""));
    }

    @Test
    public void badInputIsOneClearLineAndChangesNothing() {
        assertEquals("a process needs a name", assertThrows(IllegalArgumentException.class, () -> actions.spawn(" ", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> actions.spawn("x", "sh -c 'sleep 1")).getMessage()
                .contains("unclosed ' quote"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> actions.kill("abc", "0")).getMessage()
                .contains("the pid must be a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> actions.kill("1", "-1")).getMessage()
                .contains("the grace must be between 0 and 3600"));
        assertEquals("no process with pid 42", assertThrows(IllegalArgumentException.class, () -> actions.kill("42", "0")).getMessage());
        assertEquals("no handler of type nope", assertThrows(IllegalArgumentException.class, () -> actions.ranking("nope", "1")).getMessage());
        assertTrue(views.processes().isEmpty());
        assertTrue(views.history().isEmpty());
    }

    @Test
    public void reapCleansTheOpenFileAFailedCleanupLeft() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("leaky")).pid();
        FileChannel channel = files.open(pid, tmp.newFile().toPath());
        processes.terminate(pid, java.time.Duration.ZERO);
        assertTrue("the failed cleanup left the file open", channel.isOpen());
        assertEquals(1, views.leaksJson().size());
        assertEquals("failing-once", views.leaksJson().get(0).get("type"));

        List<Map<String, Object>> reaped = actions.reap();
        assertEquals(1, reaped.size());
        assertFalse("the reap closed the file", channel.isOpen());
        assertTrue(views.leaksJson().isEmpty());
        assertTrue(actions.reap().isEmpty());
    }
}
