package io.reclaim.files.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: a real descriptor on a temporary file, gone with the pid. */
public class FileSampleTest {

    private static final Path TMPDIR = Path.of(System.getProperty("java.io.tmpdir"));

    private final LocalProcessGate gate = new LocalProcessGate();
    private FileManagerImpl files;

    @Before
    public void setUp() {
        assumeTrue("counting open files needs /proc/self/fd", Descriptors.available());
        files = new FileManagerImpl(gate);
    }

    @After
    public void tearDown() {
        if (files != null) {
            files.deactivate();
        }
    }

    @Test
    public void sampleIsARealTemporaryFileClosedAndGoneWithThePid() throws Exception {
        Pid pid = gate.running(7);
        assertEquals(List.of(), sampleFdTargets());

        assertTrue(Handlers.of(files).sample(pid));

        List<Path> open = sampleFdTargets();
        assertEquals("one descriptor is open on the sample file", 1, open.size());
        assertTrue(open.get(0) + " is in java.io.tmpdir", open.get(0).startsWith(TMPDIR.toRealPath()));
        assertEquals(new ResourceUsage(1, 0), Handlers.of(files).usage(pid));

        CleanupStats stats = Handlers.of(files).cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertEquals("the descriptor is closed", List.of(), sampleFdTargets());
        assertFalse("the file is deleted", Files.exists(open.get(0)));
        assertEquals(List.of(), sampleFilesIn(TMPDIR, pid));
        assertFalse(Handlers.of(files).hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireCreatesNoFile() throws Exception {
        Pid pid = gate.running(8);
        gate.terminating(pid);

        assertThrows(ProcessNotRunningException.class, () -> Handlers.of(files).sample(pid));

        assertEquals(List.of(), sampleFdTargets());
        assertEquals(List.of(), sampleFilesIn(TMPDIR, pid));
        assertFalse(Handlers.of(files).hasResources(pid));
    }

    /**
     * The files this JVM has descriptors open on whose name is a sample's. The kernel shows an
     * unlinked file as {@code "<path> (deleted)"}; the suffix is cut off.
     */
    private static List<Path> sampleFdTargets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(FileSampleTest::target)
                    .filter(target -> target != null && target.getFileName() != null
                            && target.getFileName().toString().startsWith(FileManagerImpl.SAMPLE_PREFIX))
                    .map(target -> Path.of(target.toString().replaceFirst(" \\(deleted\\)$", "")))
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> sampleFilesIn(Path dir, Pid pid) throws IOException {
        String prefix = FileManagerImpl.SAMPLE_PREFIX + pid.value() + "-";
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(prefix))
                    .collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }
}
