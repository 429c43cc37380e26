package io.reclaim.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The persistent directory Reclaim keeps its state in: {@code etc/} (configuration files, read and
 * watched by Felix FileInstall), {@code deploy/} (bundles installed while they are there),
 * {@code data/} (the framework's cache, Configuration Admin's store included), {@code journal/}
 * (what may outlive the JVM, written by the process manager) and
 * {@code reclaim.lock}, held for the life of the JVM so that a second JVM on the same home is
 * refused instead of taking the first one's journal for leftovers.
 */
final class Home implements AutoCloseable {

    static final String DEFAULT = "reclaim-home";
    static final String ENVIRONMENT = "RECLAIM_HOME";
    static final String DATA = "data";
    static final String ETC = "etc";
    static final String DEPLOY = "deploy";
    static final String LOCK = "reclaim.lock";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Home(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** @return {@code --home DIR}, else {@code RECLAIM_HOME}, else {@code reclaim-home} of the working directory */
    static Path choose(String option, String environment) {
        String chosen = option != null ? option : environment != null && !environment.isBlank() ? environment : DEFAULT;
        return Path.of(chosen).toAbsolutePath().normalize();
    }

    /**
     * Creates the home if needed and locks it.
     *
     * @throws HomeInUseException if another JVM holds it
     */
    static Home lock(Path directory) throws IOException {
        Files.createDirectories(directory.resolve(DATA));
        Files.createDirectories(directory.resolve(ETC));
        Files.createDirectories(directory.resolve(DEPLOY));
        Path lockFile = directory.resolve(LOCK);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            channel.close();
            throw new HomeInUseException("the home " + directory + " is in use by another Reclaim"
                    + (holder.isEmpty() ? "" : " (os pid " + holder + ")") + "; choose another with --home DIR");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new Home(directory, channel, lock);
    }

    Path directory() {
        return directory;
    }

    Path data() {
        return directory.resolve(DATA);
    }

    Path etc() {
        return directory.resolve(ETC);
    }

    Path deploy() {
        return directory.resolve(DEPLOY);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the JVM anyway
        }
    }

    static final class HomeInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        HomeInUseException(String message) {
            super(message);
        }
    }
}
