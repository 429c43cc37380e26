package io.reclaim.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Ending;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;

public class ProcessHistoryTest {

    private static ProcessInfo ended(long pid) {
        Pid id = Pid.of(pid);
        return new ProcessInfo(id, ProcessSpec.named("p" + pid), ProcessState.TERMINATED, 0, Instant.EPOCH,
                Instant.EPOCH, Ending.TERMINATED, null, CleanupResult.of(id, List.of(), Duration.ZERO));
    }

    private static List<Long> pids(List<ProcessInfo> infos) {
        return infos.stream().map(i -> i.pid().value()).toList();
    }

    @Test
    public void keepsTheMostRecentFirstUpToItsCapacity() {
        ProcessHistory history = new ProcessHistory(2);
        history.add(ended(1));
        history.add(ended(2));
        history.add(ended(3));

        assertEquals(List.of(3L, 2L), pids(history.list()));
        assertTrue(history.get(Pid.of(1)).isEmpty());
        assertEquals("p3", history.get(Pid.of(3)).orElseThrow().name());
    }

    @Test
    public void shrinkingDropsTheOldest() {
        ProcessHistory history = new ProcessHistory(5);
        for (long pid = 1; pid <= 5; pid++) {
            history.add(ended(pid));
        }

        history.resize(2);

        assertEquals(List.of(5L, 4L), pids(history.list()));
        assertTrue(history.get(Pid.of(3)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> history.resize(0));
    }

    @Test
    public void abandonedPidsAreBoundedToo() {
        ProcessHistory history = new ProcessHistory(2);
        history.abandon(Pid.of(1));
        history.abandon(Pid.of(2));
        history.abandon(Pid.of(3));

        assertFalse(history.isAbandoned(Pid.of(1)));
        assertTrue(history.isAbandoned(Pid.of(2)));
        assertTrue(history.isAbandoned(Pid.of(3)));
        assertTrue("abandoned pids are no history", history.list().isEmpty());
    }

    @Test
    public void theListHandedOutIsImmutable() {
        ProcessHistory history = new ProcessHistory(2);
        history.add(ended(1));

        assertThrows(UnsupportedOperationException.class, () -> history.list().clear());
    }
}
