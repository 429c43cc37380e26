package io.reclaim.iouring.internal;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Opens files with libc, so that a test holds a real file descriptor number to hand to a ring. */
final class NativeFiles {

    interface Posix extends Library {
        Posix INSTANCE = Native.load("c", Posix.class);

        int open(String path, int flags, int mode);

        int close(int fd);

        int pipe(int[] fds);

        long write(int fd, byte[] bytes, long count);
    }

    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;

    private NativeFiles() {
    }

    static int openReadWrite(Path path) {
        int fd = Posix.INSTANCE.open(path.toString(), O_RDWR | O_CREAT, 0600);
        if (fd < 0) {
            throw new IllegalStateException("open " + path + " failed: errno " + Native.getLastError());
        }
        return fd;
    }

    /** @return the read end and the write end of a new pipe */
    static int[] pipe() {
        int[] fds = new int[2];
        if (Posix.INSTANCE.pipe(fds) != 0) {
            throw new IllegalStateException("pipe failed: errno " + Native.getLastError());
        }
        return fds;
    }

    static void write(int fd, byte[] bytes) {
        if (Posix.INSTANCE.write(fd, bytes, bytes.length) != bytes.length) {
            throw new IllegalStateException("write to fd " + fd + " failed: errno " + Native.getLastError());
        }
    }

    static void close(int fd) {
        Posix.INSTANCE.close(fd);
    }
}
