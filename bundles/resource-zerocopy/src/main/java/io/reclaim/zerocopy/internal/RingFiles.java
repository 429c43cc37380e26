package io.reclaim.zerocopy.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where ring files live and what they are called. */
final class RingFiles {

    static final String PREFIX = "reclaim-zc-";
    static final String SUFFIX = ".ring";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,99}");
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private RingFiles() {
    }

    /** @return {@code /dev/shm} where it is a writable directory, else {@code java.io.tmpdir} */
    static Path defaultDirectory() {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return SHARED_MEMORY;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @throws IllegalArgumentException if {@code name} is not a valid ring name
     */
    static Path file(Path directory, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a ring name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.', got "
                    + (name == null ? "none" : "'" + name + "'"));
        }
        return directory.resolve(PREFIX + name + SUFFIX);
    }

    /** @return whether the file is named as ring files are (its header may be incomplete: its creator died writing it) */
    static boolean isRingFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
