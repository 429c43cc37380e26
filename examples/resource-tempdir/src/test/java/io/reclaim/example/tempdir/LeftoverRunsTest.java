package io.reclaim.example.tempdir;

import io.reclaim.api.ledger.LocalProcessGate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Run directories left by other JVMs: removed when that JVM is gone, kept while it runs. */
public class LeftoverRunsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();
    private Path root;
    private Process sleeper;

    @Before
    public void setUp() {
        root = tmp.getRoot().toPath();
    }

    @After
    public void tearDown() throws InterruptedException {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theRunDirectoryOfAJvmThatDiedIsRemovedAtTheNextStart() throws Exception {
        Process ended = new ProcessBuilder("sleep", "30").start();
        String name = runName(ended.toHandle()); // read while it runs: the start time of a dead process is unknown
        ended.destroyForcibly();
        assertTrue(ended.waitFor(10, TimeUnit.SECONDS));
        Path leftover = leftover(name);

        start().close();

        assertFalse(Files.exists(leftover));
    }

    @Test
    public void theRunDirectoryOfAJvmStillRunningIsKept() throws Exception {
        sleeper = new ProcessBuilder("sleep", "30").start();
        Path running = leftover(runName(sleeper.toHandle()));

        start().close();

        assertTrue(Files.exists(running.resolve("work/data")));

        sleeper.destroyForcibly();
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
        start().close();

        assertFalse("removed once its JVM is gone", Files.exists(running));
    }

    @Test
    public void aRunDirectoryWhoseOsPidNowBelongsToALaterProcessIsRemoved() throws Exception {
        sleeper = new ProcessBuilder("sleep", "30").start();
        Path reused = leftover(sleeper.pid() + "-1");

        start().close();

        assertFalse(Files.exists(reused));
        assertTrue(sleeper.isAlive());
    }

    @Test
    public void entriesThatAreNoRunDirectoriesAreLeftAlone() throws Exception {
        Path notes = Files.createDirectories(root.resolve("notes"));
        Path odd = Files.createDirectories(root.resolve("12-abc"));
        Process ended = new ProcessBuilder("true").start();
        assertTrue(ended.waitFor(10, TimeUnit.SECONDS));
        Path file = Files.writeString(root.resolve(ended.pid() + "-1"), "a file, not a run directory");

        start().close();

        assertTrue(Files.isDirectory(notes));
        assertTrue(Files.isDirectory(odd));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    public void thisJvmsRunDirectoryIsCreatedAndRemovedByClose() throws Exception {
        Path own = root.resolve(runName(ProcessHandle.current()));

        TempDirManager tempdirs = start();
        assertTrue(Files.isDirectory(own));

        tempdirs.close();
        assertFalse(Files.exists(own));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(0, entries.count());
        }
    }

    private TempDirManager start() throws IOException {
        return TempDirManager.create(gate, root);
    }

    /** A run directory with a nested file in it, as a JVM would leave it. */
    private Path leftover(String name) throws IOException {
        Path run = root.resolve(name);
        Files.createDirectories(run.resolve("work"));
        Files.write(run.resolve("work/data"), new byte[64]);
        return run;
    }

    private static String runName(ProcessHandle process) {
        return process.pid() + "-" + process.info().startInstant().orElseThrow().toEpochMilli();
    }
}
