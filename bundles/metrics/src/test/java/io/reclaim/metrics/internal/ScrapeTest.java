package io.reclaim.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** The metrics on the real orchestrator and process manager, with real OS children. */
public class ScrapeTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes;
    private final Scrape metrics;

    public ScrapeTest() {
        CloseableProcessManager[] manager = new CloseableProcessManager[1];
        Scrape[] scrape = new Scrape[1];
        // the scrape reads the manager; the manager tells the scrape of each ending
        manager[0] = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
                .withProcessListener(new io.reclaim.api.ProcessListener() {
                    @Override
                    public void ended(ProcessInfo process) {
                        scrape[0].ended(process);
                    }
                }).build();
        scrape[0] = new Scrape(orchestrator, manager[0]);
        this.processes = manager[0];
        this.metrics = scrape[0];
    }

    @After
    public void stop() throws Exception {
        metrics.close();
        processes.close();
        orchestrator.close();
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    public void countersFollowSpawnsAndEndingsOfRealOsChildren() throws Exception {
        String before = scrape();
        List<ProcessInfo> spawned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spawned.add(processes.spawn(ProcessSpec.named("sleeper-" + i).withCommand("sleep", "60")));
        }
        String running = scrape();
        assertEquals(3, value(running, "reclaim_processes{state=\"running\"}"), 0);
        assertEquals(3, value(running, "reclaim_resources_held{type=\"os-process\"}"), 0);
        assertEquals(3, value(running, "reclaim_resources_acquired_total{type=\"os-process\"}")
                - value(before, "reclaim_resources_acquired_total{type=\"os-process\"}"), 0);
        assertEquals(3, value(running, "reclaim_processes_spawned_total"), 0);

        for (ProcessInfo info : spawned) {
            processes.terminate(info.pid(), Duration.ZERO);
            assertTrue("os child " + info.osPid() + " still runs",
                    ProcessHandle.of(info.osPid()).map(h -> !h.isAlive()).orElse(true));
        }
        String after = scrape();
        assertEquals(0, value(after, "reclaim_processes{state=\"running\"}"), 0);
        assertEquals(0, value(after, "reclaim_resources_held{type=\"os-process\"}"), 0);
        assertEquals(3, value(after, "reclaim_resources_released_total{type=\"os-process\"}")
                - value(before, "reclaim_resources_released_total{type=\"os-process\"}"), 0);
        assertEquals(3, value(after, "reclaim_processes_ended_total{ending=\"terminated\"}")
                + value(after, "reclaim_processes_ended_total{ending=\"forced\"}"), 0);
        assertEquals(3, value(after, "reclaim_cleanup_seconds_count{type=\"os-process\"}"), 0);
        assertEquals(0, value(after, "reclaim_cleanup_errors_total{type=\"os-process\"}"), 0);
        assertEquals(0, value(after, "reclaim_leaked_resources"), 0);
        for (String name : ReclaimCollector.names()) {
            assertTrue(name + " missing", after.contains("\n" + name) || after.startsWith(name)
                    || after.contains("\n" + name + "_"));
        }
    }
}
