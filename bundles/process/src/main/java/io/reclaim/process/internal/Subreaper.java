package io.reclaim.process.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Native;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM as child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}): a descendant whose parent
 * dies is handed to the JVM instead of init, so it stays findable. Such an orphan is attributed to
 * its tree by the {@code RECLAIM_TREE} variable every OS child is started with (inherited by
 * whatever it starts), or, once it is a zombie, by the members and sessions seen before. Orphans
 * that belong to a tree are reaped here, through their pidfd, one pid at a time: a child that
 * other code in the JVM started with {@link ProcessBuilder} is never waited for.
 *
 * <p>Finding orphans reads the children of the JVM's main thread, to which the kernel hands them,
 * not the children of the launcher thread (every direct child) nor the host's process table.
 */
final class Subreaper {

    private static final Logger LOG = LoggerFactory.getLogger(Subreaper.class);
    static final String MARK = "RECLAIM_TREE";
    private static final Path PROC = Path.of("/proc");
    private static final long SELF = ProcessHandle.current().pid();
    private static final long STRAY_NANOS = 1_000_000_000L;
    /** How long an ended tree's orphans are still looked for. */
    private static final long ENDED_NANOS = 60_000_000_000L;

    private final NativeProcesses natives;
    private final Map<String, SubreaperTree> trees = new ConcurrentHashMap<>();
    /** Orphans adopted: watched through a pidfd until reaped. */
    private final Set<Long> adopted = ConcurrentHashMap.newKeySet();
    /** Trees that have ended, by mark, with when: an orphan of one found later is killed. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    /** Zombies handed to the JVM that no tree claims, by pid, with their start time and when first seen. */
    private final Map<Long, long[]> strays = new ConcurrentHashMap<>();
    private volatile ExitWatcher watcher;
    private volatile long launcherTask;

    private Subreaper(NativeProcesses natives) {
        this.natives = natives;
    }

    /** @throws IOException if the kernel refuses */
    static Subreaper enable(NativeProcesses natives) throws IOException {
        if (natives.libc().prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            throw new IOException("prctl(PR_SET_CHILD_SUBREAPER): " + natives.libc().strerror(Native.getLastError()));
        }
        return new Subreaper(natives);
    }

    void watcher(ExitWatcher watcher) {
        this.watcher = watcher;
    }

    /** The thread that starts every child: its children file lists them all and holds no orphan. */
    void launcherTask(long tid) {
        this.launcherTask = tid;
    }

    /** @return the value of {@link #MARK} for the tree of {@code pid} */
    static String mark(long reclaimPid) {
        return SELF + "." + reclaimPid;
    }

    SubreaperTree tree(String mark, ProcessHandle root) {
        SubreaperTree tree = new SubreaperTree(this, mark, root);
        trees.put(mark, tree);
        return tree;
    }

    void forget(SubreaperTree tree) {
        ended.put(tree.mark(), System.nanoTime());
        trees.remove(tree.mark(), tree);
    }

    /**
     * Looks at the JVM's children that it did not start itself: a live one marked as a member of
     * a tree is adopted by that tree and watched until it exits; a zombie seen before as a member
     * is reaped. Runs on the exit watcher's thread four times a second, and before every kill.
     */
    void scan() {
        List<Long> orphans = orphans();
        for (long pid : orphans) {
            if (adopted.contains(pid)) {
                continue;
            }
            ProcStat stat = ProcStat.read(pid).orElse(null);
            if (stat == null || stat.ppid() != SELF) {
                continue;
            }
            SubreaperTree tree;
            if (stat.isZombie()) {
                tree = owner(pid, stat.session());
            } else {
                String mark = markOf(pid);
                // an orphan without a mark came from a process some other code started: not ours
                tree = mark == null ? null : trees.get(mark);
                if (tree == null && mark != null && ended.containsKey(mark)) {
                    // missed by its tree's kill (its environment reads empty while it execs)
                    late(pid, mark);
                    continue;
                }
            }
            if (tree != null) {
                adopt(pid, tree);
            } else if (stat.isZombie()) {
                stray(pid, stat);
            }
        }
        strays.keySet().retainAll(orphans);
        long now = System.nanoTime();
        ended.values().removeIf(when -> now - when > ENDED_NANOS);
    }

    /** Kills an orphan of a tree that has ended already, and reaps it once it is gone. */
    private void late(long pid, String mark) {
        if (!adopted.add(pid)) {
            return;
        }
        LOG.info("killing OS process {}, left behind by the ended tree {}", pid, mark);
        try {
            int pidfd = natives.pidfd(pid);
            // signalled through the pidfd, which names this process even if its pid were reused
            natives.libc().syscall(LibC.SYS_PIDFD_SEND_SIGNAL, (long) pidfd, 9L, 0L, 0L);
            watcher.watch(pid, pidfd, status -> adopted.remove(pid));
        } catch (IOException e) {
            adopted.remove(pid);
        }
    }

    /**
     * A zombie no tree claims: an orphan handed to the JVM by a process that some other code
     * started (a subreaper inherits the orphans of every descendant), or one that died before it
     * was seen. The JDK reaps the children it started within microseconds of their exit, so a
     * zombie still there a second later is nobody's to wait for: the subreaper reaps it, as init
     * would have. Its start time is checked again first, so that a pid reused meanwhile is left alone.
     */
    private void stray(long pid, ProcStat stat) {
        long now = System.nanoTime();
        long[] first = strays.putIfAbsent(pid, new long[] {stat.startTime(), now});
        if (first == null || first[0] != stat.startTime()) {
            strays.put(pid, new long[] {stat.startTime(), now});
            return;
        }
        if (now - first[1] >= STRAY_NANOS) {
            ProcStat again = ProcStat.read(pid).orElse(null);
            if (again != null && again.isZombie() && again.startTime() == first[0] && again.ppid() == SELF) {
                Integer status = natives.reap(pid);
                LOG.debug("reaped stray zombie {} handed to the JVM (status {})", pid, status);
            }
            strays.remove(pid);
        }
    }

    private SubreaperTree owner(long pid, long session) {
        for (SubreaperTree tree : trees.values()) {
            if (tree.hasSeen(pid) || tree.root().pid() == session) {
                return tree;
            }
        }
        return null;
    }

    private void adopt(long pid, SubreaperTree tree) {
        if (!adopted.add(pid)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(tree::adopt);
        try {
            int pidfd = natives.pidfd(pid);
            watcher.watch(pid, pidfd, status -> {
                adopted.remove(pid);
                LOG.debug("reaped orphan {} of {} (status {})", pid, tree, status);
            });
        } catch (IOException e) {
            adopted.remove(pid);
            // gone and reaped already, or no pidfd: reap it now if it is a zombie
            natives.reap(pid);
        }
    }

    /** @return the JVM's children that are not its direct OS children: orphans handed to it */
    private List<Long> orphans() {
        List<Long> pids = new ArrayList<>();
        Path leader = PROC.resolve(Long.toString(SELF)).resolve("task").resolve(Long.toString(SELF));
        if (SELF != launcherTask && ProcStat.read(SELF).map(s -> !s.isZombie()).orElse(false)
                && readChildren(leader.resolve("children"), pids)) {
            return pids;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve("self/task"))) {
            for (Path task : tasks) {
                if (!task.getFileName().toString().equals(Long.toString(launcherTask))) {
                    readChildren(task.resolve("children"), pids);
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to find
        }
        return pids;
    }

    /** @return the live descendants of {@code pid}, through the children files of its threads */
    static void descendants(long pid, List<Long> into) {
        int from = into.size();
        children(pid, into);
        for (int i = from; i < into.size(); i++) {
            children(into.get(i), into);
        }
    }

    private static void children(long pid, List<Long> into) {
        Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
        // most processes have one thread, whose id is the pid: read that one without listing
        if (!readChildren(tasks.resolve(Long.toString(pid)).resolve("children"), into)
                || ProcStat.read(pid).map(stat -> stat.threads() <= 1).orElse(true)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                if (!task.getFileName().toString().equals(Long.toString(pid))) {
                    readChildren(task.resolve("children"), into);
                }
            }
        } catch (IOException e) {
            // gone meanwhile
        }
    }

    private static boolean readChildren(Path file, List<Long> into) {
        String text = read(file);
        if (text == null) {
            return false;
        }
        for (String pid : text.trim().split(" ")) {
            if (!pid.isEmpty()) {
                into.add(Long.parseLong(pid));
            }
        }
        return true;
    }

    /** @return the value of {@link #MARK} in the environment of {@code pid}, or {@code null} */
    static String markOf(long pid) {
        String environ = read(PROC.resolve(Long.toString(pid)).resolve("environ"));
        if (environ == null) {
            return null;
        }
        String key = MARK + "=";
        int start = environ.startsWith(key) ? 0 : environ.indexOf("\0" + key);
        if (start < 0) {
            return null;
        }
        start += start == 0 && environ.startsWith(key) ? key.length() : key.length() + 1;
        int end = environ.indexOf('\0', start);
        return environ.substring(start, end < 0 ? environ.length() : end);
    }

    private static String read(Path file) {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }
}
