package io.reclaim.example.tempdir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;

/** The sample a self-test asks for: a real, empty directory, deleted with the pid. */
public class TempDirSampleTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();
    private Path root;
    private CloseableTempDirManager tempdirs;

    @Before
    public void setUp() throws IOException {
        root = tmp.getRoot().toPath().resolve("root");
        tempdirs = TempDirManager.create(gate, root);
    }

    @After
    public void tearDown() {
        tempdirs.shutdown();
    }

    @Test
    public void sampleIsADirectoryDeletedWithThePid() throws Exception {
        Pid pid = gate.running(7);

        assertTrue(tempdirs.cleanupHandler().sample(pid));

        List<Path> made = directories();
        assertEquals(1, made.size());
        assertTrue(made.get(0).getFileName().toString().startsWith("selftest-" + pid + "-"));
        assertTrue(Files.isDirectory(made.get(0)));
        assertEquals(new ResourceUsage(1, 0), tempdirs.cleanupHandler().usage(pid));

        CleanupStats stats = tempdirs.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertFalse("the directory is deleted", Files.exists(made.get(0)));
        assertEquals(List.of(), directories());
        assertFalse(tempdirs.cleanupHandler().hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireCreatesNoDirectory() throws Exception {
        Pid pid = gate.running(8);
        gate.terminating(pid);

        assertThrows(ProcessNotRunningException.class, () -> tempdirs.cleanupHandler().sample(pid));

        assertEquals(List.of(), directories());
        assertFalse(tempdirs.cleanupHandler().hasResources(pid));
    }

    /** @return the directories made in this run's directory, the only entry of the root */
    private List<Path> directories() throws IOException {
        try (Stream<Path> runs = Files.list(root)) {
            List<Path> all = runs.collect(Collectors.toList());
            assertEquals("one run directory: " + all, 1, all.size());
            try (Stream<Path> made = Files.list(all.get(0))) {
                return made.collect(Collectors.toList());
            }
        }
    }
}
