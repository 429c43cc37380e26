package io.reclaim.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * /metrics of the running distribution, read over HTTP as Prometheus does, before and after a
 * churn of 100 processes, each backed by a real OS child: the counters move by exactly what the
 * churn did.
 */
public class MetricsScrapeIT {

    private static final int CHURN = 100;
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
    private static final Pattern OS_PID = Pattern.compile("\"osPid\":(\\d+)");

    @Rule
    public final Timeout timeout = Timeout.seconds(300);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new AssertionError(pattern + " not in " + json);
        }
        return m.group(1);
    }

    @Test
    public void countersMoveByExactlyWhatAChurnOf100ProcessesDid() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        try (WebReclaim reclaim = WebReclaim.start(home, tmp.newFile("reclaim.log").toPath())) {
            String before = reclaim.scrape();
            List<OsTable.Entry> children = new ArrayList<>();
            for (int i = 0; i < CHURN; i++) {
                HttpResponse<String> spawned = reclaim.post("spawn", Map.of("name", "churn-" + i, "command", "sleep 600"));
                assertEquals(spawned.body(), 200, spawned.statusCode());
                children.add(OsTable.of(Long.parseLong(number(OS_PID, spawned.body()))));
                HttpResponse<String> killed = reclaim.post("kill", Map.of("pid", number(PID, spawned.body()), "grace", "0"));
                assertEquals(killed.body(), 200, killed.statusCode());
            }
            String after = reclaim.scrape();

            for (OsTable.Entry child : children) {
                assertFalse("os child " + child.pid() + " outlived its pid", child.isRunning());
            }
            assertEquals(CHURN, delta(before, after, "reclaim_processes_spawned_total"), 0);
            assertEquals(CHURN, delta(before, after, "reclaim_processes_ended_total{ending=\"terminated\"}")
                    + delta(before, after, "reclaim_processes_ended_total{ending=\"forced\"}"), 0);
            assertEquals(0, delta(before, after, "reclaim_processes_ended_total{ending=\"exited\"}"), 0);
            assertEquals(CHURN, delta(before, after, "reclaim_resources_acquired_total{type=\"os-process\"}"), 0);
            assertEquals(CHURN, delta(before, after, "reclaim_resources_released_total{type=\"os-process\"}"), 0);
            assertEquals(0, value(after, "reclaim_resources_held{type=\"os-process\"}"), 0);
            assertEquals(0, value(after, "reclaim_processes{state=\"running\"}"), 0);
            assertEquals(CHURN, delta(before, after, "reclaim_cleanup_seconds_count{type=\"os-process\"}"), 0);
            assertEquals(0, value(after, "reclaim_leaked_resources"), 0);
            // every handler ran once per ending, none failed or timed out
            Matcher runs = Pattern.compile("^reclaim_cleanup_runs_total\\{type=\"([^\"]+)\"\\} ", Pattern.MULTILINE).matcher(after);
            int types = 0;
            while (runs.find()) {
                String type = runs.group(1);
                types++;
                assertEquals(type, CHURN, delta(before, after, "reclaim_cleanup_runs_total{type=\"" + type + "\"}"), 0);
                assertEquals(type, CHURN, delta(before, after, "reclaim_cleanup_seconds_count{type=\"" + type + "\"}"), 0);
                assertEquals(type, 0, delta(before, after, "reclaim_cleanup_errors_total{type=\"" + type + "\"}"), 0);
                assertEquals(type, 0, delta(before, after, "reclaim_cleanup_timeouts_total{type=\"" + type + "\"}"), 0);
            }
            assertTrue("only " + types + " handler types in\n" + after, types >= 12);
        }
    }

    private static double delta(String before, String after, String series) {
        double was = before.contains("\n" + series + " ") ? value(before, series) : 0;
        return value(after, series) - was;
    }
}
