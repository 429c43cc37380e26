package io.reclaim.api.journal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;

public class JournalTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path dir() {
        return folder.getRoot().toPath().resolve("journal");
    }

    @Test
    public void recordsNotRemovedAreTheLeftoversOfTheNextOpen() throws IOException {
        JournalEntry kept;
        try (CloseableJournal journal = Journals.open(dir())) {
            kept = journal.record("ring", Pid.of(3), Map.of("file", "/tmp/a"));
            JournalEntry released = journal.record("ring", Pid.of(4), Map.of("file", "/tmp/b"));
            journal.remove(released);
            assertEquals(1, journal.size());
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            List<JournalEntry> leftovers = journal.leftovers();
            assertEquals(1, leftovers.size());
            JournalEntry leftover = leftovers.get(0);
            assertEquals(kept.id(), leftover.id());
            assertEquals("ring", leftover.type());
            assertEquals(Pid.of(3), leftover.owner().orElseThrow());
            assertEquals("/tmp/a", leftover.attribute("file"));
            assertEquals(kept.recorded(), leftover.recorded());
        }
    }

    @Test
    public void aLeftoverIsHandedToItsTypesReclaimerOnceAndItsRecordRemoved() throws IOException {
        crashWith(journal -> {
            journal.record("ring", Pid.of(1), Map.of("file", "x"));
            journal.record("dir", Pid.of(1), Map.of("path", "y"));
        });
        try (CloseableJournal journal = Journals.open(dir())) {
            List<JournalEntry> seen = new ArrayList<>();
            List<Reclaimed> outcomes = journal.reclaim("ring", leftover -> {
                seen.add(leftover);
                return CleanupStats.freed(1, 4096);
            });
            assertEquals(1, outcomes.size());
            assertEquals(4096, outcomes.get(0).stats().bytesFreed());
            assertEquals("x", seen.get(0).attribute("file"));
            assertTrue(journal.reclaim("ring", leftover -> CleanupStats.freed(1, 0)).isEmpty());
            assertEquals(1, journal.size());
            assertEquals("dir", journal.leftovers().get(0).type());
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals(List.of("dir"), journal.leftovers().stream().map(JournalEntry::type).toList());
        }
    }

    @Test
    public void aReclaimerThatThrowsAnErrorIsRecordedAndItsLeftoverKeptForTheNextStart() throws IOException {
        crashWith(journal -> {
            journal.record("ring", null, Map.of("n", "1"));
            journal.record("ring", null, Map.of("n", "2"));
        });
        try (CloseableJournal journal = Journals.open(dir())) {
            List<Reclaimed> outcomes = journal.reclaim("ring", leftover -> {
                if (leftover.attribute("n").equals("1")) {
                    throw new AssertionError("bad reclaimer");
                }
                return CleanupStats.freed(1, 0);
            });
            assertEquals(2, outcomes.size());
            assertEquals("bad reclaimer", outcomes.get(0).error().orElseThrow());
            assertTrue(outcomes.get(1).error().isEmpty());
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals("1", journal.leftovers().get(0).attribute("n"));
            assertEquals(1, journal.leftovers().size());
        }
    }

    @Test
    public void aTornLastRecordIsIgnoredAndTheOnesBeforeItKept() throws IOException {
        crashWith(journal -> {
            journal.record("ring", Pid.of(1), Map.of("file", "first"));
            journal.record("ring", Pid.of(2), Map.of("file", "second"));
        });
        Path file = dir().resolve("journal.log");
        long length = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(length - 5); // the JVM died in the middle of the second write
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals(List.of("first"), files(journal.leftovers()));
            journal.record("ring", Pid.of(3), Map.of("file", "third"));
        }
        // the torn bytes were dropped when the journal opened, so what came after is readable
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals(List.of("first", "third"), files(journal.leftovers()));
        }
    }

    @Test
    public void aCorruptedRecordIsSkippedAndTheRecordsAfterItRead() throws IOException {
        crashWith(journal -> {
            journal.record("ring", Pid.of(1), Map.of("file", "first"));
            journal.record("ring", Pid.of(2), Map.of("file", "second"));
            journal.record("ring", Pid.of(3), Map.of("file", "third"));
        });
        Path file = dir().resolve("journal.log");
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "second".getBytes());
        bytes[at] = 'S'; // a flipped byte inside the second record's payload
        Files.write(file, bytes);
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals(List.of("first", "third"), files(journal.leftovers()));
        }
    }

    @Test
    public void aFileThatIsNoJournalIsKeptAsideAndAFreshOneStarted() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("journal.log"), "not a journal at all");
        try (CloseableJournal journal = Journals.open(dir())) {
            assertTrue(journal.leftovers().isEmpty());
            journal.record("ring", null, Map.of());
        }
        try (Stream s = new Stream(dir())) {
            assertTrue(s.names().stream().anyMatch(name -> name.startsWith("journal.log.unreadable-")));
        }
    }

    @Test
    public void removalsAreCompactedAwayWhileTheJournalRuns() throws IOException {
        try (CloseableJournal journal = Journals.open(dir())) {
            journal.record("ring", Pid.of(1), Map.of("file", "kept"));
            Path file = journal.file().orElseThrow();
            long small = Files.size(file);
            long largest = 0;
            for (int i = 0; i < 5_000; i++) {
                journal.remove(journal.record("ring", Pid.of(2), Map.of("file", "churn-" + i)));
                largest = Math.max(largest, Files.size(file));
            }
            // without compaction 5,000 pairs of records would take well over 200 kB
            assertTrue("the file grew to " + largest + " bytes", largest < 40_000);
            assertEquals(1, journal.size());
            assertTrue(Files.size(file) < small + 40_000);
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            assertEquals(List.of("kept"), files(journal.leftovers()));
        }
    }

    @Test
    public void concurrentAppendsAreAllReadBack() throws Exception {
        int threads = 4;
        int each = 500;
        ConcurrentLinkedQueue<Long> kept = new ConcurrentLinkedQueue<>();
        try (CloseableJournal journal = Journals.open(dir())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        JournalEntry entry = journal.record("t" + thread, Pid.of(i + 1), Map.of("i", Integer.toString(i)));
                        if (i % 2 == 0) {
                            kept.add(entry.id());
                        } else {
                            journal.remove(entry);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(threads * each / 2, journal.size());
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            Set<Long> read = new HashSet<>();
            journal.leftovers().forEach(entry -> read.add(entry.id()));
            assertEquals(new HashSet<>(kept), read);
        }
    }

    @Test
    public void aSequenceNeverHandsOutANumberTwiceAcrossCleanAndCrashedRuns() throws IOException {
        long last;
        try (CloseableJournal journal = Journals.open(dir())) {
            Sequence pids = journal.sequence("pid");
            assertEquals(1, pids.next());
            assertEquals(2, pids.next());
            last = pids.last();
        }
        try (CloseableJournal journal = Journals.open(dir())) {
            // a clean close remembers the last number exactly
            assertEquals(last + 1, journal.sequence("pid").next());
        }
        long crashedAt = crashWith(journal -> {
            Sequence pids = journal.sequence("pid");
            for (int i = 0; i < 2_000; i++) {
                pids.next();
            }
        });
        try (CloseableJournal journal = Journals.open(dir())) {
            long next = journal.sequence("pid").next();
            assertTrue("got " + next + " after " + crashedAt, next > crashedAt);
            assertTrue(journal.sequence("pid").last() >= next);
        }
    }

    @Test
    public void aSecondOpenOfTheSameJournalIsRefused() throws IOException {
        try (CloseableJournal journal = Journals.open(dir())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Journals.open(dir()));
            assertTrue(refused.getMessage(), refused.getMessage().contains("in use"));
        }
        Journals.open(dir()).close();
    }

    @Test
    public void badTypesAndAttributesAreRefusedWithAClearMessage() {
        CloseableJournal journal = Journals.inMemory();
        assertThrows(IllegalArgumentException.class, () -> journal.record("", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> journal.record("x".repeat(201), null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> journal.record("t", null, Map.of("k", "v".repeat(4001))));
        journal.close();
        assertEquals("the journal in memory is closed",
                assertThrows(IllegalStateException.class, () -> journal.record("t", null, Map.of())).getMessage());
        assertFalse(journal.file().isPresent());
    }

    /** Writes with {@code writes} and drops the journal without closing it, as a JVM killed with -9 would. */
    private long crashWith(ThrowingConsumer writes) throws IOException {
        CloseableJournal journal = Journals.open(dir());
        writes.accept(journal);
        long last = journal.sequence("pid").last();
        Crash.abandon(journal);
        return last;
    }

    private static List<String> files(List<JournalEntry> entries) {
        return entries.stream().map(entry -> entry.attribute("file")).toList();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private interface ThrowingConsumer {
        void accept(CloseableJournal journal) throws IOException;
    }

    private static final class Stream implements AutoCloseable {
        private final java.util.stream.Stream<Path> files;

        Stream(Path dir) throws IOException {
            files = Files.list(dir);
        }

        List<String> names() {
            return files.map(path -> path.getFileName().toString()).toList();
        }

        @Override
        public void close() {
            files.close();
        }
    }
}
