package io.reclaim.zerocopy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.api.ledger.Quarantine;
import io.reclaim.api.ledger.QuarantinedException;
import io.reclaim.zerocopy.Claim;
import io.reclaim.zerocopy.MessageHandler;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.RingClosedException;

/**
 * One process's mapping of a ring file, with Agrona's many-to-one ring buffer over it.
 *
 * <p>Each handle maps the file itself, so releasing one never unmaps memory that another handle
 * (of another pid in this JVM) still uses. Within a handle, every operation holds the read side
 * of {@link #guard} and unmapping takes the write side: no thread touches the mapping after it is
 * gone. A release asked for from inside this handle's own read handler is carried out when that
 * read returns.
 */
final class MappedRing implements Ring {

    private final String name;
    private final Path file;
    private final boolean creator;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final ManyToOneRingBuffer ring;
    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private final Object reading = new Object();
    private final Set<MappedClaim> openClaims = ConcurrentHashMap.newKeySet();
    private final PinnedRegion region;
    private volatile boolean released;
    private volatile boolean releaseWhenIdle;
    /** How long a release waits for claim pins; set by the release that the manager asks for. */
    private volatile Duration pinWait = Duration.ZERO;

    private MappedRing(String name, Path file, boolean creator, MappedByteBuffer mapped, int capacity,
            Quarantine quarantine) {
        this.name = name;
        this.file = file;
        this.creator = creator;
        this.mapped = mapped;
        this.region = PinnedRegion.of(mapped, quarantine, () -> IoUtil.unmap(mapped));
        this.header = new UnsafeBuffer(mapped, 0, RingHeader.LENGTH);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped, RingHeader.LENGTH, RingLayout.ringLength(capacity)));
    }

    /** Creates the file, maps it and writes the header; on failure nothing is left behind. */
    static MappedRing create(Path file, String name, int capacity, ProcessStart self, Quarantine quarantine) {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, RingLayout.fileLength(capacity));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalArgumentException("a zerocopy ring named '" + name + "' already exists: " + file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot create zerocopy ring '" + name + "' in " + file + ": " + e.getMessage(), e);
        }
        MappedRing created = null;
        try {
            created = new MappedRing(name, file, true, mapped, capacity, quarantine);
            RingHeader.write(created.header, self, capacity);
            return created;
        } catch (RuntimeException | Error e) {
            if (created == null) {
                IoUtil.unmap(mapped);
            } else {
                created.region.close(Duration.ZERO); // nobody pinned it yet: unmaps, and forgets the region
            }
            deleteQuietly(file);
            throw e;
        }
    }

    /** Maps an existing ring file; refuses files that are incomplete, closed or orphaned. */
    static MappedRing attach(Path file, String name, Quarantine quarantine) {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < RingHeader.LENGTH) {
                throw new IllegalStateException("zerocopy ring '" + name + "' is still being created");
            }
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no zerocopy ring named '" + name + "' in " + file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach to zerocopy ring '" + name + "' in " + file + ": " + e.getMessage(), e);
        }
        try {
            RingHeader found = RingHeader.read(new UnsafeBuffer(mapped, 0, RingHeader.LENGTH));
            if (!found.complete()) {
                throw new IllegalStateException("zerocopy ring '" + name + "' is still being created");
            }
            if (found.closed()) {
                throw new RingClosedException(name, "zerocopy ring '" + name + "' was closed by its creator");
            }
            if (!found.creator().isRunning()) {
                throw new RingClosedException(name, "zerocopy ring '" + name + "' is orphaned: OS process "
                        + found.creator().pid() + " that created it is gone");
            }
            if (mapped.capacity() != RingLayout.fileLength(found.capacity())) {
                throw new IllegalStateException("zerocopy ring file " + file + " is " + mapped.capacity()
                        + " bytes, its header says " + RingLayout.fileLength(found.capacity()));
            }
            return new MappedRing(name, file, false, mapped, found.capacity(), quarantine);
        } catch (RuntimeException | Error e) {
            IoUtil.unmap(mapped);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int capacity() {
        return ring.capacity();
    }

    @Override
    public int maxMessageLength() {
        return ring.maxMsgLength();
    }

    @Override
    public long mappedBytes() {
        return mapped.capacity();
    }

    @Override
    public boolean isCreator() {
        return creator;
    }

    @Override
    public boolean isClosed() {
        guard.readLock().lock();
        try {
            return released || releaseWhenIdle || RingHeader.isClosed(header);
        } finally {
            exit();
        }
    }

    @Override
    public Optional<Claim> tryClaim(int type, int length) {
        checkMessage(type, length);
        enter(true);
        try {
            int index = ring.tryClaim(type, length);
            if (index < 0) {
                return Optional.empty();
            }
            MappedClaim claim = new MappedClaim(this, index, mapped.slice(RingHeader.LENGTH + index, length).order(ByteOrder.nativeOrder()));
            openClaims.add(claim);
            return Optional.of(claim);
        } finally {
            exit();
        }
    }

    /** A pin on the mapping that shows only the claim's bytes. */
    Pin pin(MappedClaim claim) {
        enter(false);
        try {
            if (!openClaims.contains(claim)) {
                throw new IllegalStateException(claim + " is already committed or aborted");
            }
            Pin pin = region.pin(RingHeader.LENGTH + claim.index(), claim.length());
            pin.buffer().order(ByteOrder.nativeOrder());
            return pin;
        } finally {
            exit();
        }
    }

    PinnedRegion region() {
        return region;
    }

    void finish(MappedClaim claim, boolean commit) {
        enter(false);
        try {
            if (!openClaims.remove(claim)) {
                throw new IllegalStateException(claim + " is already committed or aborted");
            }
            if (commit) {
                ring.commit(claim.index());
            } else {
                ring.abort(claim.index());
            }
        } finally {
            exit();
        }
    }

    @Override
    public boolean write(int type, ByteBuffer source) {
        int length = source.remaining();
        checkMessage(type, length);
        enter(true);
        try {
            int index = ring.tryClaim(type, length);
            if (index < 0) {
                return false;
            }
            ring.buffer().putBytes(index, source, source.position(), length);
            ring.commit(index);
            return true;
        } finally {
            exit();
        }
    }

    @Override
    public int read(MessageHandler handler, int limit) {
        enter(true);
        try {
            synchronized (reading) {
                return ring.read((type, buffer, index, length) ->
                        handler.onMessage(type, mapped.slice(RingHeader.LENGTH + index, length).asReadOnlyBuffer().order(ByteOrder.nativeOrder())), limit);
            }
        } finally {
            exit();
        }
    }

    @Override
    public int size() {
        enter(false);
        try {
            return ring.size();
        } finally {
            exit();
        }
    }

    /**
     * Releases this handle: open claims are aborted, the creator marks the ring closed for every
     * process, the mapping goes once no pin holds it (waiting up to {@code pinWait}), and the
     * creator deletes the file.
     *
     * @throws QuarantinedException if a claim's pin still holds the mapping: it is unmapped when
     *     the last pin closes (the file is deleted now all the same)
     * @throws UncheckedIOException if the creator cannot delete the file (the mapping is released anyway)
     */
    void release(Duration pinWait) {
        this.pinWait = pinWait;
        release();
    }

    private void release() {
        if (guard.getReadHoldCount() > 0) {
            releaseWhenIdle = true; // called from inside our own read handler: unmapping now would pull the floor away
            return;
        }
        guard.writeLock().lock();
        try {
            if (released) {
                return;
            }
            released = true;
            openClaims.forEach(claim -> ring.abort(claim.index()));
            openClaims.clear();
            if (creator) {
                RingHeader.markClosed(header);
            }
        } finally {
            guard.writeLock().unlock();
        }
        // outside the lock: code that fills a claim holds a pin, not the lock
        boolean unmapped = region.close(pinWait);
        if (creator) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("zerocopy ring '" + name + "' is unmapped but its file " + file
                        + " cannot be deleted: " + e.getMessage(), e);
            }
        }
        if (!unmapped) {
            throw new QuarantinedException(this + " is still pinned by running code: quarantined");
        }
    }

    private void enter(boolean checkClosedByCreator) {
        guard.readLock().lock();
        if (released || releaseWhenIdle) {
            exit();
            throw new IllegalStateException("this handle on zerocopy ring '" + name + "' is released");
        }
        if (checkClosedByCreator && RingHeader.isClosed(header)) {
            exit();
            throw new RingClosedException(name, "zerocopy ring '" + name + "' was closed by its creator");
        }
    }

    private void exit() {
        guard.readLock().unlock();
        if (releaseWhenIdle && !released && guard.getReadHoldCount() == 0) {
            release();
        }
    }

    private void checkMessage(int type, int length) {
        if (type < 1) {
            throw new IllegalArgumentException("a message type is 1 or greater, got " + type);
        }
        if (length < 0 || length > ring.maxMsgLength()) {
            throw new IllegalArgumentException("a message in zerocopy ring '" + name + "' is 0 to "
                    + ring.maxMsgLength() + " bytes, got " + length);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // creation failed already; this is only tidying up
        }
    }

    @Override
    public String toString() {
        return "zerocopy ring '" + name + "' (" + (creator ? "creator" : "attached") + ", " + mapped.capacity() + " bytes mapped)";
    }
}
