package io.reclaim.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tells whether closing a file can wait on something outside this machine.
 *
 * <p>{@code close(2)} of a file on a local file system (a disk, memory, an overlay of those)
 * releases the descriptor and returns: it writes nothing back and waits for no one. On a network
 * or FUSE file system it may flush to a server or wait for a user-space daemon, without bound.
 * So a file's device is looked up in the mount table once per device, and only a type known to be
 * local counts as one whose close cannot block; anything else, an unknown device included, may.
 */
final class FileSystems {

    /** File system types whose close never waits on a server or a daemon. */
    static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs",
            "tmpfs", "ramfs", "devtmpfs", "overlay", "squashfs", "iso9660", "vfat", "exfat", "msdos", "proc",
            "sysfs", "cgroup2", "hugetlbfs", "mqueue", "devpts");

    private final Supplier<List<String>> mountInfo;
    /** Per device number, whether closing a file on it cannot block. */
    private final Map<Long, Boolean> local = new ConcurrentHashMap<>();

    /** @param mountInfo the lines of {@code /proc/self/mountinfo}, read again for a device not seen yet */
    FileSystems(Supplier<List<String>> mountInfo) {
        this.mountInfo = mountInfo;
    }

    static FileSystems ofThisProcess() {
        return new FileSystems(() -> {
            try {
                return Files.readAllLines(Path.of("/proc/self/mountinfo"));
            } catch (IOException e) {
                return List.of(); // no mount table: every device may block
            }
        });
    }

    /**
     * What one stat says of a path about to be opened.
     *
     * @param directory whether it is a directory (which is no file to open)
     * @param device the device of its file system, or of its directory's if it does not exist
     *     yet; null if neither can be told
     */
    record Stat(boolean directory, Long device) {
    }

    /** One stat of the file; a second, of its directory, only if the file does not exist yet. */
    static Stat stat(Path path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,isDirectory");
            return new Stat(Boolean.TRUE.equals(attributes.get("isDirectory")), ((Number) attributes.get("dev")).longValue());
        } catch (NoSuchFileException e) {
            Path directory = path.toAbsolutePath().getParent();
            return new Stat(false, directory == null ? null : device(directory));
        } catch (IOException | RuntimeException e) {
            return new Stat(false, null);
        }
    }

    /** @return whether closing a file on {@code device} cannot block; the mount table is read only for a device not seen before */
    boolean closeCannotBlock(Long device) {
        if (device == null) {
            return false;
        }
        Boolean known = local.get(device);
        return known != null ? known : local.computeIfAbsent(device, this::lookUp);
    }

    /** @return the device of {@code path}, or of the nearest existing directory above it; null if none */
    private static Long device(Path path) {
        for (Path at = path; at != null; at = at.toAbsolutePath().getParent()) {
            try {
                return ((Number) Files.getAttribute(at, "unix:dev")).longValue();
            } catch (NoSuchFileException e) {
                continue; // to be created: its directory's file system
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private boolean lookUp(long device) {
        long major = ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
        long minor = (device & 0xff) | ((device >>> 12) & ~0xffL);
        String id = major + ":" + minor;
        for (String line : mountInfo.get()) {
            // id parent major:minor root mountpoint options [optional fields] - type source options
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].equals(id)) {
                int separator = line.indexOf(" - ");
                if (separator < 0) {
                    return false;
                }
                String type = line.substring(separator + 3).split(" ")[0];
                return LOCAL.contains(type);
            }
        }
        return false;
    }
}
