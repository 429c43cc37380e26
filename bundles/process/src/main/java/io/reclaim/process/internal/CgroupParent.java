package io.reclaim.process.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup v2 directory that one process manager owns, {@code reclaim-<jvm pid>} (or
 * {@code reclaim-<jvm pid>.<n>} for a further manager of the same JVM), under the JVM's own cgroup
 * or a configured parent; each OS child gets a cgroup of its own inside it.
 * Found from {@code /proc/self/cgroup} (the {@code 0::} line) and {@code /proc/self/mountinfo}
 * (the {@code cgroup2} mount), so the hybrid layout with v2 under {@code /sys/fs/cgroup/unified}
 * is found as well as a pure v2 host.
 */
final class CgroupParent {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupParent.class);
    /** The controllers whose readings and limits a pid's cgroup offers, where the parent has them. */
    private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
    /** How many names a manager tries before it gives up. */
    private static final int MAX_DIRECTORIES = 1000;
    /** The system property that counts the directories this JVM's managers made. */
    static final String DIRECTORIES_MADE = "io.reclaim.process.cgroup.directories";
    /** A process manager's directory: {@code reclaim-<jvm pid>} or {@code reclaim-<jvm pid>.<n>}. */
    private static final Pattern OTHER_JVM = Pattern.compile("reclaim-(\\d{1,18})(\\.\\d+)?");

    private final Path directory;
    private final boolean canKill;
    private final Set<String> controllers;

    private CgroupParent(Path directory, boolean canKill, Set<String> controllers) {
        this.directory = directory;
        this.canKill = canKill;
        this.controllers = controllers;
    }

    /**
     * Creates (or takes over) Reclaim's own cgroup.
     *
     * @param configured the cgroup to create it under: a path inside the cgroup v2 mount (absolute
     *     file system path, or a cgroup path such as {@code /system.slice/app.service}); blank for
     *     the JVM's own cgroup
     * @throws IOException saying why cgroup containment is not possible here
     */
    static CgroupParent create(String configured, Path proc) throws IOException {
        Path mount = mountPoint(proc);
        Path base;
        if (configured == null || configured.isBlank()) {
            base = resolve(mount, ownCgroup(proc));
        } else {
            Path given = Path.of(configured.trim());
            base = given.startsWith(mount) ? given : resolve(mount, configured.trim());
            if (!Files.isDirectory(base)) {
                throw new IOException("the configured cgroup parent " + base + " is not a cgroup v2 directory");
            }
        }
        if (!Files.isWritable(base)) {
            throw new IOException(base + " is not writable");
        }
        Path own = resolve(mount, ownCgroup(proc));
        // moving a process needs write access to the cgroup.procs of the common ancestor too
        if (!Files.isWritable(own.resolve("cgroup.procs"))) {
            throw new IOException(own.resolve("cgroup.procs") + " (the JVM's cgroup) is not writable");
        }
        Path directory = ownDirectory(base);
        if (configured == null || configured.isBlank()) {
            removeEmptyOfGoneJvms(base);
        }
        if (!Files.isWritable(directory.resolve("cgroup.procs"))) {
            throw new IOException(directory.resolve("cgroup.procs") + " is not writable");
        }
        return new CgroupParent(directory, Files.exists(directory.resolve("cgroup.kill")), enableControllers(directory));
    }

    /**
     * Creates a directory no other process manager uses or used: {@code reclaim-<jvm pid>} for the
     * JVM's first manager, {@code reclaim-<jvm pid>.<n>} for its n-th further one (two frameworks,
     * a bundle restart, a test's fresh framework). A name is never used twice in one JVM, so a late
     * {@code cgroup.kill} of an earlier manager (one still ending its children while it stops) can
     * never reach a child of a later one that got the same pid, even after the earlier directory
     * is gone.
     */
    private static Path ownDirectory(Path base) throws IOException {
        String name = "reclaim-" + ProcessHandle.current().pid();
        for (int attempt = 0; attempt < MAX_DIRECTORIES; attempt++) {
            long number = nextNumber();
            Path directory = base.resolve(number == 0 ? name : name + "." + number);
            try {
                return Files.createDirectory(directory);
            } catch (FileAlreadyExistsException taken) {
                LOG.debug("{} is another manager's; trying the next name", directory);
            } catch (IOException e) {
                throw new IOException("cannot create " + directory + ": " + e.getMessage(), e);
            }
        }
        throw new IOException(base + " already holds " + MAX_DIRECTORIES + " directories named " + name + "[.N]");
    }

    /**
     * Removes the directories that JVMs which are gone left under the JVM's own cgroup, as far as
     * they hold no process: a JVM killed with SIGKILL, or one that halted, never removes its own,
     * and only a restart on the same home reclaims those the journal names. A cgroup that still
     * holds a process (or a child cgroup that does) cannot be removed and is left to that reclaim.
     * Only under the JVM's own cgroup: its siblings there share its pid namespace, so a pid that
     * is not alive is a JVM that is gone; under a configured parent another namespace's live JVM
     * could look gone.
     */
    static int removeEmptyOfGoneJvms(Path base) {
        int removed = 0;
        try (var entries = Files.list(base)) {
            for (Path left : (Iterable<Path>) entries::iterator) {
                Matcher name = OTHER_JVM.matcher(left.getFileName().toString());
                if (name.matches() && !ofThisJvm(left.getFileName().toString())
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty() && removeTree(left)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for directories of JVMs that are gone in {}: {}", base, e.toString());
        }
        if (removed > 0) {
            LOG.info("removed {} empty cgroup directories that JVMs which are gone left in {}", removed, base);
        }
        return removed;
    }

    /** @return whether {@code directory} and every cgroup below it are gone; none is if one holds a process */
    private static boolean removeTree(Path directory) {
        try (var entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !removeTree(entry)) {
                    return false;
                }
            }
            Files.deleteIfExists(directory);
            return true;
        } catch (IOException e) { // a process is still in it (EBUSY), or it is not ours to remove
            LOG.debug("left {}: {}", directory, e.toString());
            return false;
        }
    }

    /**
     * @return the next number of this JVM's managers' directories. It lives in a system property,
     *     the one place every copy of this class sees (a refreshed bundle loads the class again).
     */
    private static long nextNumber() {
        Properties system = System.getProperties();
        synchronized (system) {
            long number = Long.parseLong(system.getProperty(DIRECTORIES_MADE, "0"));
            system.setProperty(DIRECTORIES_MADE, Long.toString(number + 1));
            return number;
        }
    }

    /**
     * @return whether {@code name} is the directory of a process manager of this JVM:
     *     {@code reclaim-<this jvm's pid>} or {@code reclaim-<this jvm's pid>.<n>}
     */
    static boolean ofThisJvm(String name) {
        String own = "reclaim-" + ProcessHandle.current().pid();
        return name.equals(own) || name.startsWith(own + ".");
    }

    /** Turns on for the children every controller of {@link #CONTROLLERS} that the parent offers. */
    private static Set<String> enableControllers(Path directory) {
        Set<String> enabled = new LinkedHashSet<>();
        List<String> offered = words(directory.resolve("cgroup.controllers"));
        for (String controller : CONTROLLERS) {
            if (!offered.contains(controller)) {
                continue;
            }
            try {
                CgroupFiles.write(directory.resolve("cgroup.subtree_control"), "+" + controller);
                enabled.add(controller);
            } catch (IOException e) {
                LOG.debug("cannot enable the {} controller in {}: {}", controller, directory, e.getMessage());
            }
        }
        return Set.copyOf(enabled);
    }

    private static List<String> words(Path file) {
        try {
            String text = CgroupFiles.read(file).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return where the cgroup2 file system is mounted, from {@code mountinfo} */
    static Path mountPoint(Path proc) throws IOException {
        List<String> lines;
        try {
            lines = List.of(CgroupFiles.read(proc.resolve("self/mountinfo")).split("\n"));
        } catch (IOException e) {
            throw new IOException("no " + proc.resolve("self/mountinfo") + " to read", e);
        }
        for (String line : lines) {
            int dash = line.indexOf(" - ");
            String[] fields = line.split(" ");
            if (dash > 0 && fields.length > 4 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                return Path.of(fields[4]);
            }
        }
        throw new IOException("no cgroup2 file system is mounted");
    }

    /** @return the JVM's cgroup v2 path, from the {@code 0::} line of {@code /proc/self/cgroup} */
    static String ownCgroup(Path proc) throws IOException {
        for (String line : CgroupFiles.read(proc.resolve("self/cgroup")).split("\n")) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        throw new IOException("the JVM is in no cgroup v2 hierarchy");
    }

    private static Path resolve(Path mount, String cgroup) {
        String relative = cgroup.startsWith("/") ? cgroup.substring(1) : cgroup;
        return relative.isEmpty() ? mount : mount.resolve(relative);
    }

    /**
     * Creates the cgroup of one OS child, named after its pid.
     *
     * @throws IOException if it cannot be created
     */
    Cgroup child(String name) throws IOException {
        Path path = directory.resolve(name);
        for (int attempt = 1;; attempt++) {
            try {
                Files.createDirectory(path);
                return new Cgroup(path, canKill);
            } catch (FileAlreadyExistsException e) {
                // left by an earlier manager of this JVM (a bundle restart): never share one
                path = directory.resolve(name + "." + attempt);
            }
        }
    }

    Path directory() {
        return directory;
    }

    boolean canKill() {
        return canKill;
    }

    /** @return the controllers that every child cgroup has: a subset of memory, pids, cpu */
    Set<String> controllers() {
        return controllers;
    }

    /** Removes Reclaim's own cgroup if no child cgroup is left in it. */
    void close() {
        List<Path> left = new ArrayList<>();
        try (var entries = Files.list(directory)) {
            entries.filter(Files::isDirectory).forEach(left::add);
        } catch (IOException e) {
            return;
        }
        if (!left.isEmpty()) {
            LOG.warn("{} still holds {} cgroup(s): {}", directory, left.size(), left);
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", directory, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
