package io.reclaim.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.Pid;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Journals;

/**
 * What the journal adds to a resource that can outlive the JVM (an OS child, a ring file): one
 * {@code record} when it comes to exist and one {@code remove} at release, written to the journal
 * file (and compacted every few hundred removals), against the two raw {@code write} calls of
 * the same byte counts to a file opened for append: the syscalls any crash-safe record needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class JournalAppend {

    /** A ring file's record: its type, owner and path (99 bytes framed); a removal is 17 bytes. */
    static final Map<String, String> ATTRIBUTES = Map.of("file", "/dev/shm/reclaim-zc-benchmark-ring-0001.ring");
    static final int RECORD_BYTES = 99;
    static final int REMOVAL_BYTES = 17;

    @State(Scope.Benchmark)
    public static class Target {
        Path directory;
        CloseableJournal journal;
        FileChannel raw;
        final Pid pid = Pid.of(1);
        final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        final ByteBuffer removal = ByteBuffer.allocate(REMOVAL_BYTES);

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = Files.createTempDirectory("journal-bench");
            journal = Journals.open(directory.resolve("journal"));
            raw = FileChannel.open(directory.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }

        /** The raw file grows without bound; start it again so both sides write to a small file. */
        @Setup(Level.Iteration)
        public void truncate() throws IOException {
            raw.truncate(0);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            journal.close();
            raw.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Benchmark
    public long journalRecordAndRemove(Target target) {
        JournalEntry entry = target.journal.record("zerocopy", target.pid, ATTRIBUTES);
        target.journal.remove(entry);
        return entry.id();
    }

    @Benchmark
    public long rawAppendTwice(Target target) throws IOException {
        long written = target.raw.write(target.record.clear());
        return written + target.raw.write(target.removal.clear());
    }
}
