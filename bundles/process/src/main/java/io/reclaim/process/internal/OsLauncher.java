package io.reclaim.process.internal;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.reclaim.api.ProcessSpec;
import io.reclaim.process.ProcessManagers;

/**
 * Starts OS children. With {@code setsid} (util-linux) each child gets its own session and
 * process group, so its descendants can still be found after it dies; {@code setsid} execs the
 * command in place (a child of the JVM is never a group leader), so the OS pid stays the
 * command's pid. The JVM keeps no pipe to a child: stdin reads the null device, stdout and stderr
 * are discarded or appended to the file named by {@link ProcessManagers#OUTPUT_PROPERTY}.
 */
final class OsLauncher {

    private static final File NULL_DEVICE = new File("/dev/null");

    private final Path setsid;

    private OsLauncher(Path setsid) {
        this.setsid = setsid;
    }

    /** @param useSetsid whether to start children through {@code setsid} if it is installed */
    static OsLauncher create(boolean useSetsid) {
        return new OsLauncher(useSetsid ? onPath("setsid") : null);
    }

    /** @return whether children lead their own process group */
    boolean ownGroup() {
        return setsid != null;
    }

    Process start(ProcessSpec spec) throws IOException {
        Path directory = spec.workingDirectory();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException("cannot start '" + spec.name() + "': working directory " + directory
                    + " is not a directory");
        }
        List<String> command = spec.command();
        if (setsid != null) {
            // setsid would report a missing program only through its exit status; resolve it here
            // so that a command that cannot start fails the spawn, as it does without setsid
            List<String> wrapped = new ArrayList<>(command.size() + 1);
            wrapped.add(setsid.toString());
            wrapped.add(program(spec, directory).toString());
            wrapped.addAll(command.subList(1, command.size()));
            command = wrapped;
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Redirect.from(NULL_DEVICE));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(spec.environment());
        String output = spec.properties().get(ProcessManagers.OUTPUT_PROPERTY);
        if (output == null || output.isBlank()) {
            builder.redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true).redirectOutput(Redirect.appendTo(new File(output)));
        }
        return builder.start();
    }

    /** Finds the program as {@code execvp} would, on the JVM's PATH (which is what Java uses too). */
    private static Path program(ProcessSpec spec, Path directory) throws IOException {
        String program = spec.command().get(0);
        Path found;
        try {
            if (program.indexOf('/') >= 0) {
                Path path = Path.of(program);
                Path base = directory != null ? directory : Path.of("").toAbsolutePath();
                found = path.isAbsolute() ? path : base.resolve(path);
                found = Files.isRegularFile(found) && Files.isExecutable(found) ? found : null;
            } else {
                found = onPath(program);
            }
        } catch (InvalidPathException e) {
            found = null;
        }
        if (found == null) {
            throw new IOException("cannot start '" + spec.name() + "': no executable program '" + program + "'");
        }
        return found;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            path = "/usr/local/bin:/usr/bin:/bin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            } catch (InvalidPathException e) {
                // a PATH entry that is no path: skip it, as execvp does
            }
        }
        return null;
    }
}
