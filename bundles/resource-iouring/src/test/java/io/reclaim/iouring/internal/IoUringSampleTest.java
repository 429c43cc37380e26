package io.reclaim.iouring.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: a real two-entry ring, or none where io_uring is unavailable. */
public class IoUringSampleTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Pid pid = Pid.of(7);
    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>(Map.of(pid, ProcessState.RUNNING));

    @Test
    public void sampleIsARealRingUnmappedAndClosedWithThePid() throws Exception {
        IoUringManagerImpl manager = new IoUringManagerImpl(states::get);
        try {
            Optional<String> unavailable = manager.unavailableReason();
            assumeTrue("io_uring is not available here: " + unavailable.orElse(""), unavailable.isEmpty());
            long fdsBefore = Descriptors.resources();
            long mapsBefore = ProcSelf.ioUringMappings();

            assertTrue(Handlers.of(manager).sample(pid));

            assertEquals("the ring's fd is open", fdsBefore + 1, Descriptors.resources());
            assertTrue("the ring is mapped", ProcSelf.ioUringMappings() >= mapsBefore + 2);
            ResourceUsage usage = Handlers.of(manager).usage(pid);
            assertEquals(1, usage.count());
            assertTrue("its mapped bytes are counted: " + usage, usage.bytes() > 0);

            CleanupStats stats = Handlers.of(manager).cleanup(pid);

            assertEquals(CleanupStats.freed(1, usage.bytes()), stats);
            assertEquals("the ring's fd is closed", fdsBefore, Descriptors.resources());
            assertEquals("the ring is unmapped", mapsBefore, ProcSelf.ioUringMappings());
            assertFalse(Handlers.of(manager).hasResources(pid));
        } finally {
            manager.deactivate();
        }
    }

    @Test
    public void whereIoUringIsUnavailableThereIsNoSample() throws Exception {
        Path sysctl = folder.newFile().toPath();
        Files.writeString(sysctl, "2");
        IoUringManagerImpl manager = new IoUringManagerImpl(states::get, new Availability("Linux", "amd64", sysctl));
        try {
            long fdsBefore = Descriptors.resources();

            assertFalse(Handlers.of(manager).sample(pid));

            assertFalse(Handlers.of(manager).hasResources(pid));
            assertEquals(fdsBefore, Descriptors.resources());
            assertEquals(CleanupStats.NONE, Handlers.of(manager).cleanup(pid));
        } finally {
            manager.deactivate();
        }
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireCreatesNoRing() {
        states.put(pid, ProcessState.TERMINATING);
        IoUringManagerImpl manager = new IoUringManagerImpl(states::get);
        try {
            long fdsBefore = Descriptors.resources();

            assertThrows(ProcessNotRunningException.class, () -> Handlers.of(manager).sample(pid));

            assertFalse(Handlers.of(manager).hasResources(pid));
            assertEquals(fdsBefore, Descriptors.resources());
            assertEquals(List.of(), Handlers.of(manager).owners());
        } finally {
            manager.deactivate();
        }
    }
}
