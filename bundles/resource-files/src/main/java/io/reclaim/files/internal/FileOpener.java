package io.reclaim.files.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Opens one {@link FileChannel}. The JDK's exceptions keep their type but get a reason: on their
 * own, their message is only the path, which reads badly in a shell.
 */
final class FileOpener {

    private FileOpener() {
    }

    /** @param directory whether {@code path} is a directory, as the caller's stat of it said */
    static FileChannel open(Path path, boolean directory, OpenOption... options) throws IOException {
        // Linux opens a directory for reading without complaint; a directory is no file handle
        if (directory) {
            throw new FileSystemException(path.toString(), null, "is a directory, not a file");
        }
        try {
            return FileChannel.open(path, options);
        } catch (NoSuchFileException e) {
            throw explained(new NoSuchFileException(e.getFile(), e.getOtherFile(), missing(options)), e);
        } catch (AccessDeniedException e) {
            throw explained(new AccessDeniedException(e.getFile(), e.getOtherFile(), "permission denied"), e);
        } catch (FileAlreadyExistsException e) {
            throw explained(new FileAlreadyExistsException(e.getFile(), e.getOtherFile(),
                    "already exists and CREATE_NEW was asked for"), e);
        }
    }

    private static String missing(OpenOption... options) {
        List<OpenOption> asked = Arrays.asList(options);
        // the JDK ignores CREATE unless the file is opened for writing
        boolean writing = asked.contains(StandardOpenOption.WRITE) || asked.contains(StandardOpenOption.APPEND);
        boolean creating = writing
                && (asked.contains(StandardOpenOption.CREATE) || asked.contains(StandardOpenOption.CREATE_NEW));
        return creating ? "its directory does not exist" : "no such file (open it with WRITE and CREATE to make it)";
    }

    private static FileSystemException explained(FileSystemException clear, FileSystemException original) {
        if (original.getReason() != null) {
            return original; // the JDK already said why; keep its words
        }
        clear.initCause(original);
        return clear;
    }
}
