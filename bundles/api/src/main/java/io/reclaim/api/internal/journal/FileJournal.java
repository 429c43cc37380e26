package io.reclaim.api.internal.journal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.api.journal.Reclaimed;
import io.reclaim.api.journal.Sequence;

/**
 * The journal file (see the package documentation of {@code io.reclaim.api.journal} for the format
 * and the durability). Every change of the live set and its append happen under one lock, so the
 * file's order is the order of the changes; a record is one {@code write} of a few dozen bytes.
 */
public final class FileJournal implements CloseableJournal {

    public static final String FILE = "journal.log";
    static final String LOCK = "journal.lock";
    /** How many numbers a sequence reserves with one fsynced record. */
    static final long BLOCK = 1024;
    /**
     * Compaction fsyncs a new file and the directory (milliseconds): after this many removals it
     * costs well under a microsecond per removal, and the file stays below about 2 MB.
     */
    static final int COMPACT_AFTER_REMOVALS = 16_384;
    static final int MAX_NAME = 200;
    static final int MAX_ATTRIBUTE = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

    private final Path directory;
    private final Path file;
    private final boolean synced;
    private final Object writeLock = new Object();
    private final Map<Long, Entry> live = new ConcurrentHashMap<>();
    private final Map<Long, Entry> leftovers = new ConcurrentSkipListMap<>();
    private final Set<Long> reclaiming = ConcurrentHashMap.newKeySet();
    private final Map<String, JournalSequence> sequences = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1);
    private FileChannel lockChannel;
    private FileLock lock;
    private FileOutputStream appender;
    private int removals;
    private volatile boolean closed;

    private FileJournal(Path directory, boolean synced) {
        this.directory = directory;
        this.file = directory == null ? null : directory.resolve(FILE);
        this.synced = synced;
    }

    public static FileJournal inMemory() {
        return new FileJournal(null, false);
    }

    public static FileJournal open(Path directory, boolean synced) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        FileJournal journal = new FileJournal(absolute, synced);
        try {
            journal.lock();
            journal.load();
            synchronized (journal.writeLock) {
                journal.compact();
            }
        } catch (IOException | RuntimeException | Error e) {
            journal.release();
            throw e;
        }
        if (!journal.leftovers.isEmpty()) {
            LOG.info("journal {}: {} record(s) left by an earlier run that did not clean up", journal.file,
                    journal.leftovers.size());
        }
        return journal;
    }

    @Override
    public Entry record(String type, Pid owner, Map<String, String> attributes) {
        check("type", type, MAX_NAME);
        Objects.requireNonNull(attributes, "attributes");
        attributes.forEach((key, value) -> {
            check("attribute name", key, MAX_ATTRIBUTE);
            if (value == null || value.length() > MAX_ATTRIBUTE) {
                throw new IllegalArgumentException("the attribute " + key + " needs a value of at most "
                        + MAX_ATTRIBUTE + " characters");
            }
        });
        synchronized (writeLock) {
            checkOpen();
            Entry entry = new Entry(this, ids.getAndIncrement(), type, owner == null ? 0 : owner.value(), attributes,
                    System.currentTimeMillis());
            live.put(entry.id(), entry);
            if (appender == null) {
                return entry; // in memory: nothing to write
            }
            try {
                append(Records.add(entry), false);
            } catch (IOException e) {
                live.remove(entry.id());
                throw new UncheckedIOException("cannot write to the journal " + file + ": " + e.getMessage(), e);
            }
            return entry;
        }
    }

    @Override
    public void remove(JournalEntry entry) {
        if (!(entry instanceof Entry own) || own.journal() != this) {
            return;
        }
        synchronized (writeLock) {
            if (live.remove(own.id()) == null) {
                return;
            }
            leftovers.remove(own.id());
            if (closed) {
                // written as live already: the next start finds it and its reclaimer finds nothing
                LOG.debug("journal {} is closed; {} stays recorded", file, own);
                return;
            }
            if (appender == null) {
                return; // in memory
            }
            try {
                append(Records.remove(own.id()), false);
                removals++;
                if (removals >= COMPACT_AFTER_REMOVALS && removals > 4 * live.size()) {
                    compact();
                }
            } catch (IOException e) {
                // the release itself must go on: at worst the next start finds nothing under the record
                LOG.warn("journal {}: cannot record the removal of {}: {}", file, own, e.toString());
            }
        }
    }

    @Override
    public Sequence sequence(String name) {
        check("sequence name", name, MAX_NAME);
        return sequences.computeIfAbsent(name, n -> new JournalSequence(this, n, 0, directory == null));
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public int size() {
        return live.size();
    }

    @Override
    public List<JournalEntry> leftovers() {
        return List.copyOf(leftovers.values());
    }

    @Override
    public List<Reclaimed> reclaim(String type, LeftoverReclaimer reclaimer) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reclaimer, "reclaimer");
        List<Reclaimed> outcomes = new ArrayList<>();
        for (Entry leftover : leftovers.values()) {
            if (!leftover.type().equals(type) || !reclaiming.add(leftover.id())) {
                continue;
            }
            long start = System.nanoTime();
            try {
                CleanupStats stats = reclaimer.reclaim(leftover);
                remove(leftover);
                outcomes.add(new Outcome(leftover, stats == null ? CleanupStats.NONE : stats, since(start), null));
            } catch (Throwable e) {
                // a third party's reclaimer: recorded against it, and the next leftover goes on
                LOG.warn("journal {}: reclaiming {} failed; kept for the next start", file, leftover, e);
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                outcomes.add(new Outcome(leftover, CleanupStats.failed(message), since(start), message));
            }
        }
        return outcomes;
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            // nothing is drawn any more: the next run starts right after the last number handed out
            sequences.values().forEach(JournalSequence::settle);
            try {
                if (directory != null) {
                    compact();
                }
            } catch (IOException e) {
                LOG.warn("journal {}: cannot compact at close: {}", file, e.toString());
            } finally {
                closed = true;
                release();
            }
        }
        LOG.debug("journal {} closed with {} live record(s)", file, live.size());
    }

    /**
     * Drops the journal as a JVM killed with SIGKILL would: no final sequence record, no
     * compaction; only the lock is let go, so that tests can open the journal again in this JVM.
     */
    public void abandon() {
        synchronized (writeLock) {
            closed = true;
            release();
        }
    }

    /** Writes a reservation and forces it to disk: a number must never be handed out twice. */
    void reserve(String name, long limit) {
        synchronized (writeLock) {
            checkOpen();
            if (directory == null) {
                return;
            }
            try {
                append(Records.sequence(name, limit), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reserve numbers of " + name + " in the journal " + file
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private void append(ByteBuffer record, boolean force) throws IOException {
        if (appender == null) {
            return; // in memory
        }
        write(appender, record);
        if (force || synced) {
            appender.getChannel().force(false);
        }
    }

    /** Rewrites the file with the sequences and the live records, and swaps it in atomically. */
    private void compact() throws IOException {
        if (directory == null) {
            return;
        }
        Path tmp = directory.resolve(FILE + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            write(out, Records.header());
            for (JournalSequence sequence : sequences.values()) {
                write(out, Records.sequence(sequence.name(), sequence.limit()));
            }
            List<Entry> entries = new ArrayList<>(live.values());
            entries.sort(Comparator.comparingLong(Entry::id));
            for (Entry entry : entries) {
                write(out, Records.add(entry));
            }
            out.getChannel().force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true); // the rename itself
        } catch (IOException e) {
            LOG.debug("journal {}: cannot fsync the directory: {}", file, e.toString());
        }
        if (appender != null) {
            appender.close();
        }
        appender = closed ? null : new FileOutputStream(file.toFile(), true);
        removals = 0;
    }

    /**
     * Writes through a stream, not a channel: a channel copies a heap buffer into a temporary
     * direct buffer that NIO then keeps cached on the writing thread, direct memory that looks
     * like a leak to anyone who reads the JVM's direct pool before and after.
     */
    private static void write(FileOutputStream out, ByteBuffer bytes) throws IOException {
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        bytes.position(bytes.limit());
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("the journal " + directory + " is in use by another process");
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < Records.HEADER || buffer.getInt(0) != Records.MAGIC) {
            if (bytes.length > 0) {
                Path aside = directory.resolve(FILE + ".unreadable-" + System.currentTimeMillis());
                Files.copy(file, aside);
                LOG.warn("journal {} has no journal header; kept aside as {} and started afresh", file, aside);
            }
            return;
        }
        Map<String, Long> limits = new HashMap<>();
        long[] maxId = {0};
        Records.Visitor visitor = new Records.Visitor() {
            @Override
            public void added(Entry entry) {
                live.put(entry.id(), entry);
                maxId[0] = Math.max(maxId[0], entry.id());
            }

            @Override
            public void removed(long id) {
                live.remove(id);
                maxId[0] = Math.max(maxId[0], id);
            }

            @Override
            public void sequence(String name, long limit) {
                limits.put(name, limit); // the last one written holds
            }
        };
        int position = Records.HEADER;
        while (position < bytes.length) {
            int left = bytes.length - position;
            int length = left < Records.FRAME ? -1 : buffer.getInt(position);
            if (length <= 0 || length > Records.MAX_PAYLOAD || length > left - Records.FRAME) {
                LOG.warn("journal {}: ignoring a torn record of {} bytes at its end (offset {})", file, left, position);
                break;
            }
            int start = position + Records.FRAME;
            position = start + length;
            if (Records.crc(bytes, start, length) != buffer.getInt(start - 4)) {
                LOG.warn("journal {}: skipping a corrupted record of {} bytes at offset {}", file, length,
                        start - Records.FRAME);
                continue;
            }
            byte[] payload = new byte[length];
            System.arraycopy(bytes, start, payload, 0, length);
            try {
                Records.parse(this, payload, visitor);
            } catch (IOException | RuntimeException e) {
                LOG.warn("journal {}: skipping an unreadable record at offset {}: {}", file, start - Records.FRAME,
                        e.toString());
            }
        }
        ids.set(maxId[0] + 1);
        leftovers.putAll(live);
        limits.forEach((name, limit) -> sequences.put(name, new JournalSequence(this, name, limit, false)));
    }

    private void release() {
        try {
            if (appender != null) {
                appender.close();
                appender = null;
            }
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("journal {}: closing: {}", file, e.toString());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the journal " + (file == null ? "in memory" : file) + " is closed");
        }
    }

    private static void check(String what, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException("a journal " + what + " is 1 to " + max + " characters, got "
                    + (value == null ? "none" : value.length() + " characters"));
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public String toString() {
        return "journal " + (file == null ? "in memory" : file);
    }
}
