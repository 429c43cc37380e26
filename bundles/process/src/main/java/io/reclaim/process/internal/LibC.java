package io.reclaim.process.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * The libc functions that start, watch and reap OS children without a thread per child. Loaded
 * only through {@link NativeProcesses}, after JNA was found, so the bundle runs without JNA too.
 * Functions that fail set errno, read with {@link Native#getLastError()}; the {@code posix_spawn}
 * family returns its error number instead.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int PR_SET_CHILD_SUBREAPER = 36;
    int POSIX_SPAWN_SETSIGDEF = 0x04;
    int POSIX_SPAWN_SETSIGMASK = 0x08;
    int POSIX_SPAWN_SETSID = 0x80;
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0100;
    int O_APPEND = 02000;
    int WNOHANG = 1;
    int EPOLL_CLOEXEC = 02000000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLLIN = 1;
    int EFD_CLOEXEC = 02000000;
    int EFD_NONBLOCK = 04000;
    int EINTR = 4;
    int ECHILD = 10;
    /** Syscall numbers shared by every architecture since Linux 5.1 (the unified table). */
    long SYS_PIDFD_SEND_SIGNAL = 424;
    long SYS_PIDFD_OPEN = 434;
    /** Sizes from glibc's headers, with room to spare: JNA only hands over the memory. */
    int FILE_ACTIONS_SIZE = 256;
    int SPAWNATTR_SIZE = 512;
    int SIGSET_SIZE = 128;

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attributes, StringArray argv,
            StringArray envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    /** Only ever called with a positive pid: {@code waitpid(-1)} would steal the children Java started. */
    int waitpid(int pid, IntByReference status, int options);

    int kill(int pid, int signal);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);

    int close(int fd);

    int eventfd(int initialValue, int flags);

    long write(int fd, Pointer buffer, long count);

    long syscall(long number, Object... args);

    String strerror(int errno);
}
