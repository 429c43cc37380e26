package io.reclaim.iouring.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.iouring.IoUringUnavailableException;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

public class AvailabilityTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Pid pid = Pid.of(1);
    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>(Map.of(pid, ProcessState.RUNNING));

    @Test
    public void anotherOperatingSystemIsNamedAsTheReason() {
        Availability macos = new Availability("Mac OS X", "aarch64", Availability.DISABLED_SYSCTL);

        IoUringUnavailableException e = assertThrows(IoUringUnavailableException.class, macos::check);

        assertEquals("io_uring is not available: io_uring is a Linux interface and this system is Mac OS X", e.getMessage());
    }

    @Test
    public void disabledSysctlIsNamedAsTheReason() throws Exception {
        Path sysctl = sysctl("2\n");
        Availability disabled = new Availability("Linux", "amd64", sysctl);

        IoUringUnavailableException e = assertThrows(IoUringUnavailableException.class, disabled::check);

        assertEquals("it is disabled by " + sysctl + " = 2", e.reason());
    }

    @Test
    public void refusalsThatMeanUnavailableAreExplained() throws Exception {
        Availability restricted = new Availability("Linux", "amd64", sysctl("1"));

        assertTrue(restricted.explainRefusal(Errno.ENOSYS).orElseThrow().reason().startsWith("the kernel has no io_uring_setup: ENOSYS"));
        assertTrue(restricted.explainRefusal(Errno.EPERM).orElseThrow().reason().contains("= 1 admits only privileged processes"));
        assertFalse("running out of memory is no reason to call io_uring unavailable",
                restricted.explainRefusal(Errno.ENOMEM).isPresent());
    }

    @Test
    public void managerWithoutIoUringActivatesExplainsAndStillCleansUp() throws Exception {
        long fdsBefore = Descriptors.resources();
        IoUringManagerImpl manager = new IoUringManagerImpl(states::get, new Availability("Linux", "amd64", sysctl("2")));

        assertTrue(manager.unavailableReason().orElseThrow().contains("= 2"));
        IoUringUnavailableException e = assertThrows(IoUringUnavailableException.class, () -> manager.create(pid, 8));
        assertTrue(e.getMessage(), e.getMessage().startsWith("io_uring is not available: it is disabled by"));
        assertEquals(CleanupStats.NONE, Handlers.of(manager).cleanup(pid));
        assertFalse(Handlers.of(manager).hasResources(pid));
        assertEquals(fdsBefore, Descriptors.resources());
        manager.deactivate();
    }

    private Path sysctl(String content) throws Exception {
        Path file = folder.newFile().toPath();
        Files.writeString(file, content);
        return file;
    }
}
