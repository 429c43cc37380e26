package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.Test;

import io.reclaim.api.CleanupStats;

public class BusyReleasesTest {

    private final Set<String> stillBusy = Set.of("stuck");
    private final BusyReleases<String> busy = new BusyReleases<>((name, nanos) -> !stillBusy.contains(name),
            (name, wait) -> name + " still busy after " + wait.toMillis() + " ms");

    @Test
    public void aResourceStillBusyAfterTheWaitCountsAsAnErrorInsteadOfFreed() {
        CleanupStats stats = busy.sweep(() -> {
            assertTrue(busy.sweeping());
            busy.busy("done");
            busy.busy("stuck");
            return new CleanupStats(3, 0, 0, List.of());
        }, Duration.ofMillis(20));

        assertEquals(2, stats.resourcesFreed());
        assertEquals(1, stats.errorsEncountered());
        assertEquals(List.of("stuck still busy after 20 ms"), stats.errors());
        assertFalse("only inside a sweep", busy.sweeping());
    }

    @Test
    public void anOwnersReleaseOutsideASweepNotesNothing() {
        busy.busy("stuck");

        CleanupStats stats = busy.sweep(() -> CleanupStats.NONE, Duration.ZERO);

        assertEquals(CleanupStats.NONE, stats);
    }
    @Test
    public void theSweepSeesWhatItNotedSoFarAndNothingOutsideIt() {
        busy.sweep(() -> {
            busy.busy("done");
            busy.busy("stuck");
            assertEquals(List.of("done", "stuck"), busy.noted());
            return CleanupStats.NONE;
        }, Duration.ZERO);

        assertEquals(List.of(), busy.noted());
    }
}
