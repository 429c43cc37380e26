package io.reclaim.process.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OS children started with {@code posix_spawn} and watched through a pidfd each, so the JVM keeps
 * no thread per child (a {@link ProcessBuilder} child costs one JDK "process reaper" thread for its
 * whole life). Only this class, {@link ExitWatcher} and {@link Subreaper} touch JNA; they are
 * created only after {@link #load()} found it.
 */
final class NativeProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(NativeProcesses.class);

    private final LibC libc;

    private NativeProcesses(LibC libc) {
        this.libc = libc;
    }

    /**
     * @return the native calls, or {@code null} where JNA, libc or one of the functions (glibc
     *     2.34+ for {@code closefrom}, Linux 5.3+ for pidfds) is missing, or with {@code -Dreclaim.process.jna=false}
     */
    static NativeProcesses load() {
        if (!Boolean.parseBoolean(System.getProperty("reclaim.process.jna", "true"))) {
            return null;
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            return null;
        }
        try {
            Class.forName("com.sun.jna.Native", false, NativeProcesses.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debug("JNA is not installed");
            return null;
        }
        try {
            LibC libc = LibC.INSTANCE;
            // resolve every function now, so a missing one is found here and not at the first spawn
            Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
            libc.posix_spawn_file_actions_init(actions);
            libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
            libc.posix_spawn_file_actions_addchdir_np(actions, "/");
            libc.posix_spawn_file_actions_destroy(actions);
            long self = libc.syscall(LibC.SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0L);
            if (self < 0) {
                LOG.debug("pidfd_open failed: {}", libc.strerror(Native.getLastError()));
                return null;
            }
            libc.close((int) self);
            return new NativeProcesses(libc);
        } catch (Throwable e) {
            LOG.debug("native process calls unavailable: {}", e.toString());
            return null;
        }
    }

    LibC libc() {
        return libc;
    }

    /**
     * Starts {@code argv[0]} (a resolved path) with stdin from the null device, stdout and stderr
     * to the null device or appended to {@code output}, no descriptor of the JVM but those, every
     * signal at its default and none blocked. Call it on a thread that lives as long as the child:
     * the parent-death signal follows the thread that forked, not the JVM.
     *
     * @param setsid whether the child leads a session (and process group) of its own
     * @return the child's OS pid
     */
    int spawn(List<String> argv, Map<String, String> environment, Path directory, String output, boolean setsid)
            throws IOException {
        Memory actions = new Memory(LibC.FILE_ACTIONS_SIZE);
        Memory attributes = new Memory(LibC.SPAWNATTR_SIZE);
        Memory none = new Memory(LibC.SIGSET_SIZE);
        Memory all = new Memory(LibC.SIGSET_SIZE);
        check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                check(libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "open /dev/null");
                if (output == null) {
                    check(libc.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", LibC.O_WRONLY, 0), "open /dev/null");
                } else {
                    check(libc.posix_spawn_file_actions_addopen(actions, 1, output,
                            LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND, 0644), "open " + output);
                }
                check(libc.posix_spawn_file_actions_adddup2(actions, 1, 2), "dup2");
                check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
                if (directory != null) {
                    check(libc.posix_spawn_file_actions_addchdir_np(actions, directory.toString()), "chdir");
                }
                libc.sigemptyset(none);
                libc.sigfillset(all);
                check(libc.posix_spawnattr_setsigmask(attributes, none), "setsigmask");
                check(libc.posix_spawnattr_setsigdefault(attributes, all), "setsigdefault");
                int flags = LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF | (setsid ? LibC.POSIX_SPAWN_SETSID : 0);
                check(libc.posix_spawnattr_setflags(attributes, (short) flags), "setflags");
                IntByReference pid = new IntByReference();
                int error = libc.posix_spawn(pid, argv.get(0), actions, attributes,
                        new StringArray(argv.toArray(String[]::new)), new StringArray(environment(environment)));
                if (error != 0) {
                    throw new IOException(libc.strerror(error));
                }
                return pid.getValue();
            } finally {
                libc.posix_spawnattr_destroy(attributes);
            }
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    /** @return a pidfd for {@code pid}, which stays valid (and never names another process) until closed */
    int pidfd(long pid) throws IOException {
        long fd = libc.syscall(LibC.SYS_PIDFD_OPEN, pid, 0L);
        if (fd < 0) {
            throw new IOException("pidfd_open(" + pid + "): " + libc.strerror(Native.getLastError()));
        }
        return (int) fd;
    }

    /**
     * Reaps {@code pid} if it has exited; never blocks and never waits for any other child.
     *
     * @return its exit status as {@link Process#exitValue()} gives it (128 + signal when killed),
     *     {@code null} while it runs, -1 if it is not a child of this JVM (any more)
     */
    Integer reap(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("only a specific child is ever waited for, not " + pid);
        }
        IntByReference status = new IntByReference();
        while (true) {
            int got = libc.waitpid((int) pid, status, LibC.WNOHANG);
            if (got == pid) {
                int value = status.getValue();
                int signal = value & 0x7f;
                return signal == 0 ? (value >> 8) & 0xff : 128 + signal;
            }
            if (got == 0) {
                return null;
            }
            if (Native.getLastError() != LibC.EINTR) {
                return -1;
            }
        }
    }

    void close(int fd) {
        libc.close(fd);
    }

    private static String[] environment(Map<String, String> environment) {
        List<String> entries = new ArrayList<>(environment.size());
        environment.forEach((key, value) -> entries.add(key + "=" + value));
        return entries.toArray(String[]::new);
    }

    private void check(int error, String what) throws IOException {
        if (error != 0) {
            throw new IOException(what + ": " + libc.strerror(error));
        }
    }
}
