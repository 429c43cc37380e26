package io.reclaim.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.files.internal.FileManagerImpl;

/**
 * Opens files on behalf of managed processes. Every channel is owned by the pid that opened it:
 * only that pid may use or close it, and the cleanup of the pid closes every channel it still
 * holds. In OSGi the manager is a service; in plain Java, {@link #create(ProcessGate)} makes one.
 *
 * <pre>{@code
 * Lease<FileChannel> log = files.open(pid, Path.of("app.log"), CREATE, WRITE, APPEND);
 * log.resource(pid).write(bytes);
 * files.close(pid, log);
 * }</pre>
 */
@ProviderType
public interface FileManager {

    /** The resource type, {@value}. */
    String TYPE = "files";

    /**
     * Opens {@code path} for {@code pid}.
     *
     * @param options {@link java.nio.file.StandardOpenOption}s as for {@link FileChannel#open}; none
     *     opens the file for reading
     * @return the handle; {@code lease.resource(pid)} is the open channel
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is opened
     * @throws IllegalStateException if the manager is stopped
     * @throws IOException if the file cannot be opened (missing without {@code CREATE}, a
     *     directory, no permission); its message names the path and nothing is tracked
     */
    Lease<FileChannel> open(Pid pid, Path path, OpenOption... options) throws IOException;

    /**
     * Closes a channel and stops tracking it.
     *
     * @throws WrongOwnerException if {@code pid} does not own the handle; the channel stays open
     * @throws IllegalStateException if the handle is already closed
     * @throws IOException if closing failed; the handle is no longer tracked either way
     */
    void close(Pid pid, Lease<FileChannel> handle) throws IOException;


    /**
     * A manager for plain Java. Hand its {@code cleanupHandler()} to the orchestrator, with
     * {@link ResourceCleanup#RANKING_FILES} as its ranking.
     *
     * @param gate tells which pids may open files
     */
    static CloseableFileManager create(ProcessGate gate) {
        return new FileManagerImpl.Embedded(gate);
    }
}
