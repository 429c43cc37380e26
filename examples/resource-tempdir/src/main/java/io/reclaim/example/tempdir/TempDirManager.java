package io.reclaim.example.tempdir;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.api.ledger.Lease;
import io.reclaim.example.tempdir.internal.TempDirManagerImpl;
import io.reclaim.example.tempdir.internal.TempDirReclaimer;

/**
 * Creates temporary directories on behalf of managed processes. Each directory is owned by the pid
 * that asked for it; the cleanup of the pid deletes it with everything in it and reports the size
 * of the regular files it deleted as {@link CleanupStats#bytesFreed()}.
 *
 * <p>Directories live under a root, in a subdirectory per JVM run named
 * {@code <OS pid>-<start time in epoch milliseconds>} of that JVM. Each directory is recorded in
 * the platform's journal until it is deleted; after a JVM that died without cleaning up, the
 * next start on the same home deletes what the journal names (through the
 * {@link io.reclaim.api.journal.LeftoverReclaimer} of type {@value #TYPE}), so a crash leaks
 * nothing past the next start. Directories nobody recorded are never touched.
 *
 * <pre>{@code
 * Lease<Path> scratch = tempdirs.create(pid, "build");
 * Files.writeString(scratch.resource(pid).resolve("out.txt"), text);
 * }</pre>
 */
@ProviderType
public interface TempDirManager {

    /** The resource type, {@value}. */
    String TYPE = "tempdir";

    /**
     * The default cleanup ranking, {@value}: after files (300), mappings (200) and memory (100),
     * so that channels and mappings a process holds on files in a directory are gone before the
     * directory is deleted.
     */
    int RANKING = 50;

    /**
     * Creates an empty directory for {@code pid}; only the owner may see its path.
     *
     * @param prefix the start of the directory's name, e.g. {@code "build"}: not empty, no path
     *     separator, not {@code ".."}
     * @return the handle; {@code lease.resource(pid)} is the directory
     * @throws IllegalArgumentException if the prefix is not a plain name; nothing is created
     * @throws ProcessNotRunningException if {@code pid} may not acquire resources; nothing is created
     * @throws IllegalStateException if the manager is stopped
     * @throws IOException if the directory cannot be created
     */
    Lease<Path> create(Pid pid, String prefix) throws IOException;

    /**
     * Deletes one directory, with everything in it, before its pid ends.
     *
     * @return the bytes of the regular files deleted
     * @throws WrongOwnerException if {@code pid} does not own the handle; nothing is deleted
     * @throws IllegalStateException if the directory was already deleted through its handle
     * @throws IOException if deleting failed; the handle is no longer tracked either way
     */
    long delete(Pid pid, Lease<Path> directory) throws IOException;


    /**
     * A manager for plain Java. Hand its {@code cleanupHandler()} to the orchestrator, with
     * {@link #RANKING} as its ranking.
     *
     * @param gate tells which pids may create directories
     * @param root where the run directories go; created if missing
     * @throws IOException if this run's directory cannot be created under {@code root}
     */
    static CloseableTempDirManager create(ProcessGate gate, Path root) throws IOException {
        return TempDirManagerImpl.recordedIn(Journals.inMemory(), gate, root);
    }

    /**
     * As {@link #create(ProcessGate, Path)}, with every directory recorded in {@code journal} while
     * it exists, so that the next start can delete those of a JVM that died: hand
     * {@link #leftoverReclaimer()} the journal's leftovers of type {@link #TYPE}.
     */
    static CloseableTempDirManager create(ProcessGate gate, Path root, Journal journal) throws IOException {
        return TempDirManagerImpl.recordedIn(journal, gate, root);
    }

    /** @return what deletes the directories the journal names as leftovers of a JVM that died */
    static LeftoverReclaimer leftoverReclaimer() {
        return new TempDirReclaimer();
    }
}
