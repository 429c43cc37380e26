package io.reclaim.ipc.internal;

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
import io.reclaim.api.ledger.Lease;
import io.reclaim.ipc.DeadLetter;
import io.reclaim.ipc.IpcSettings;
import io.reclaim.ipc.Mailbox;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: the pid's mailbox, or a message in the one it has. */
public class IpcSampleTest {

    private final ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(7);
    private final IpcManagerImpl ipc = new IpcManagerImpl(processes::get, IpcSettings.DEFAULTS);

    @After
    public void tearDown() {
        ipc.shutdown();
    }

    @Test
    public void sampleIsTheMailboxOfThePidReleasedWithIt() throws Exception {
        processes.put(pid, ProcessState.RUNNING);

        assertTrue(Handlers.of(ipc).sample(pid));

        Mailbox mailbox = ipc.mailbox(pid).orElseThrow().resource(pid);
        assertEquals(IpcSettings.DEFAULTS.defaultCapacity(), mailbox.capacity());
        assertEquals(new ResourceUsage(1, 0), Handlers.of(ipc).usage(pid));

        CleanupStats stats = Handlers.of(ipc).cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertTrue(mailbox.isClosed());
        assertTrue(ipc.mailbox(pid).isEmpty());
        assertFalse(Handlers.of(ipc).hasResources(pid));
        assertEquals(List.of(), ipc.deadLetters());
    }

    @Test
    public void sampleOfAPidWithAMailboxIsAMessageToItselfDeadLetteredWithThePid() throws Exception {
        processes.put(pid, ProcessState.RUNNING);
        Lease<Mailbox> own = ipc.open(pid, 4);

        assertTrue(Handlers.of(ipc).sample(pid));

        assertEquals("the pid keeps its own mailbox", own, ipc.mailbox(pid).orElseThrow());
        assertEquals(1, own.resource(pid).size());
        assertEquals(new ResourceUsage(2, 0), Handlers.of(ipc).usage(pid));

        CleanupStats stats = Handlers.of(ipc).cleanup(pid);

        assertEquals("the mailbox and the message", CleanupStats.freed(2, 0), stats);
        assertFalse(Handlers.of(ipc).hasResources(pid));
        List<DeadLetter> letters = ipc.deadLetters();
        assertEquals(1, letters.size());
        assertEquals(pid, letters.get(0).from());
        assertEquals(pid, letters.get(0).to());
        assertEquals(IpcManagerImpl.SAMPLE_MESSAGE, letters.get(0).message());
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireOpensNothing() {
        processes.put(pid, ProcessState.TERMINATING);

        assertThrows(ProcessNotRunningException.class, () -> Handlers.of(ipc).sample(pid));

        assertTrue(ipc.mailbox(pid).isEmpty());
        assertFalse(Handlers.of(ipc).hasResources(pid));
    }
}
