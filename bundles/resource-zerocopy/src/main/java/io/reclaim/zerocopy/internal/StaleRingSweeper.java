package io.reclaim.zerocopy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes ring files whose creating JVM is gone: it was killed before it could delete them. A
 * file is stale when the process named in its header no longer runs, or its pid now belongs to a
 * process that started at another time. A file without a complete header is being created right
 * now, unless it has been so for longer than {@link #UNFINISHED_GRACE}: then its creator died
 * between creating the file and writing the header.
 */
final class StaleRingSweeper {

    static final Duration UNFINISHED_GRACE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(StaleRingSweeper.class);

    private StaleRingSweeper() {
    }

    /** @return how many stale ring files were deleted */
    static int sweep(Path directory) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, RingFiles.PREFIX + "*" + RingFiles.SUFFIX)) {
            for (Path file : files) {
                if (isStale(file) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        } catch (IOException e) {
            LOG.warn("Cannot look for stale ring files in {}: {}", directory, e.toString());
        }
        return removed;
    }

    private static boolean isStale(Path file) {
        RingHeader header;
        FileTime modified;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(RingHeader.LENGTH);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // a short read only happens at the end of the file
            }
            header = RingHeader.read(bytes.flip());
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return false; // gone already, or not ours to read
        }
        if (!header.complete()) {
            boolean abandoned = modified.toInstant().isBefore(Instant.now().minus(UNFINISHED_GRACE));
            if (abandoned) {
                LOG.info("Removing ring file {}: its header was never completed", file);
            }
            return abandoned;
        }
        if (header.creator().isRunning()) {
            return false;
        }
        LOG.info("Removing ring file {}: OS process {} that created it is no longer running", file, header.creator().pid());
        return true;
    }
}
