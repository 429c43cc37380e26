package io.reclaim.signals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;

/** The sample a self-test asks for: a real USR1 handler that does nothing, removed with the pid. */
public class SignalSampleTest {

    private final ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(7);
    private final CloseableSignalManager signals = SignalManager.create(processes::get);

    @After
    public void tearDown() {
        signals.shutdown();
    }

    @Test
    public void sampleIsAUsr1HandlerRemovedWithThePid() throws Exception {
        processes.put(pid, ProcessState.RUNNING);

        assertTrue(signals.cleanupHandler().sample(pid));

        assertEquals(List.of(SignalManager.USR1), signals.handled(pid));
        assertEquals(new ResourceUsage(1, 0), signals.cleanupHandler().usage(pid));
        signals.send(pid, SignalManager.USR1);
        assertEquals("USR1 went to the handler instead of staying pending", List.of(), signals.pending(pid));

        CleanupStats stats = signals.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertEquals(List.of(), signals.handled(pid));
        assertFalse(signals.cleanupHandler().hasResources(pid));
        signals.send(pid, SignalManager.USR1);
        assertEquals("without the handler, USR1 stays pending", List.of(SignalManager.USR1), signals.pending(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireRegistersNoHandler() {
        processes.put(pid, ProcessState.TERMINATING);

        assertThrows(ProcessNotRunningException.class, () -> signals.cleanupHandler().sample(pid));

        assertEquals(List.of(), signals.handled(pid));
        assertFalse(signals.cleanupHandler().hasResources(pid));
    }
}
