package io.reclaim.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

import io.reclaim.api.ProcessSpec;

/**
 * Checks, before a pid is spent on it, that the working directory can be entered and that the
 * first word of a command line names a file the OS can run: found (on the child's {@code PATH} when it has no slash, else from its working
 * directory), a regular file, executable, and in a format the kernel executes (ELF, or a
 * {@code #!} script). Otherwise the OS child would start and exit 127 at once, reported as spawned.
 */
final class Executables {

    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
    private static final byte[] SCRIPT = {'#', '!'};

    private Executables() {
    }

    /**
     * @return the file the spec's program names
     * @throws IOException saying in one line why it cannot run
     */
    static Path check(ProcessSpec spec) throws IOException {
        try {
            return check(spec.command().get(0), spec.environment().getOrDefault("PATH", System.getenv("PATH")),
                    spec.workingDirectory());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Path check(String program, String path, Path workingDirectory) {
        if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
            throw new IllegalArgumentException("the working directory " + workingDirectory
                    + (Files.exists(workingDirectory) ? " is not a directory" : " does not exist"));
        }
        if (workingDirectory != null && !Files.isExecutable(workingDirectory)) {
            throw new IllegalArgumentException("the working directory " + workingDirectory + " cannot be entered (no x permission)");
        }
        Path file = locate(program, path, workingDirectory);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("'" + program + "' is not a file");
        }
        if (!Files.isExecutable(file)) {
            throw new IllegalArgumentException("'" + program + "' is not executable (no x permission)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(ELF.length);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + program + "' cannot be read: " + e.getMessage());
        }
        if (!startsWith(head, ELF) && !startsWith(head, SCRIPT)) {
            throw new IllegalArgumentException("'" + program
                    + "' has a bad executable format (neither an ELF binary nor a #! script)");
        }
        return file;
    }

    private static Path locate(String program, String path, Path workingDirectory) {
        try {
            if (program.indexOf('/') >= 0) {
                Path file = workingDirectory == null ? Path.of(program) : workingDirectory.resolve(program);
                if (!Files.exists(file)) {
                    throw new IllegalArgumentException("no executable '" + program + "': no such file");
                }
                return file;
            }
            for (String directory : (path == null ? "" : path).split(":")) {
                Path file = directory.isEmpty() && workingDirectory != null ? workingDirectory.resolve(program)
                        : Path.of(directory.isEmpty() ? "." : directory, program);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return file;
                }
            }
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("no executable '" + program + "': " + e.getReason());
        }
        throw new IllegalArgumentException("no executable '" + program + "' on the PATH");
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
