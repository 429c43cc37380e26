package io.reclaim.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

public class CleanupResultTest {

    @Test
    public void totalAddsEveryHandlerAndCountsFailedHandlersAsErrors() {
        HandlerOutcome files = new HandlerOutcome("files", 300, 5, CleanupStats.freed(3, 0), Duration.ofMillis(1), null);
        HandlerOutcome mmap = new HandlerOutcome("mmap", 200, 6,
                new CleanupStats(1, 4096, 1, List.of("mmap: unmap failed")), Duration.ofMillis(1), null);
        HandlerOutcome hung = new HandlerOutcome("custom", 0, 7, CleanupStats.NONE, Duration.ofMillis(300), "timed out after 300 ms");

        CleanupResult result = CleanupResult.of(Pid.of(1), List.of(files, mmap, hung), Duration.ofMillis(302));

        assertEquals(4, result.total().resourcesFreed());
        assertEquals(4096, result.total().bytesFreed());
        assertEquals(2, result.total().errorsEncountered());
        assertEquals(List.of("mmap: unmap failed", "custom: timed out after 300 ms"), result.errors());
        assertEquals(List.of("files", "mmap", "custom"), result.order());
        assertTrue(result.outcome("custom").failed());
    }
}
