package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;

public class CleanupReportTest {

    @Test
    public void memoryStillPinnedIsReportedAsQuarantinedBelowTheTable() {
        CleanupStats memory = CleanupStats.freed(1, 4096).plus(CleanupStats.quarantined(1, 1_048_576));
        CleanupResult result = CleanupResult.of(Pid.of(3), List.of(
                new HandlerOutcome("tasks", 800, 11, CleanupStats.freed(1, 0), Duration.ofMillis(2), null),
                new HandlerOutcome("memory", 100, 12, memory, Duration.ofMillis(50), null)), Duration.ofMillis(52));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CleanupReport.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(List.of(
                "#  TYPE    RANKING  FREED  BYTES  TIME   RESULT",
                "1  tasks       800      1      0  2.0ms  ok",
                "2  memory      100      1   4096  50ms   ok",
                "   total                2   4096  52ms   ok",
                "quarantined: memory 1 (1048576 bytes) still pinned by running code, freed when the last pin closes"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
