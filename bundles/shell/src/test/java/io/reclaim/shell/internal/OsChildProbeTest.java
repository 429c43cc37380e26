package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** Real OS processes: one alive, one exited and reaped, one zombie. */
public class OsChildProbeTest {

    private final OsChildProbe probe = OsChildProbe.system();

    @Test
    public void aLiveProcessIsNotGoneAndAnExitedOneIs() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertEquals(Optional.empty(), probe.gone(sleeper.pid()));
        } finally {
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(Optional.of("exited"), probe.gone(sleeper.pid()));
    }

    @Test
    public void aZombieIsGoneThoughTheProcessTableStillHasIt() throws Exception {
        assumeTrue("needs /proc", Files.isDirectory(Path.of("/proc/self")));
        // sh starts a child that exits after a second, by which time sh has become sleep, which never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try {
            long zombie;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                zombie = Long.parseLong(out.readLine().trim());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (OsChildProbe.state(zombie) != 'Z' && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertEquals('Z', OsChildProbe.state(zombie));
            assertTrue("the zombie still has a process handle", ProcessHandle.of(zombie).isPresent());
            assertEquals(Optional.of("zombie"), probe.gone(zombie));
        } finally {
            parent.destroyForcibly();
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    public void theStateOfAProcessThatDoesNotExistIsUnknown() {
        assertEquals('?', OsChildProbe.state(Long.MAX_VALUE));
    }
}
