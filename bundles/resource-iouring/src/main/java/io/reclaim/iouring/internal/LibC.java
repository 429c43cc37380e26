package io.reclaim.iouring.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc functions the rings need. Loaded on first use only, so that the bundle activates
 * where JNA or libc cannot be loaded. errno is read with {@link Native#getLastError()}, which JNA
 * saves after every call.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code long syscall(long number, ...)}; arguments are passed as {@link Long}s. */
    long syscall(long number, Object... args);

    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

    int munmap(Pointer address, long length);

    int close(int fd);

    String strerror(int errno);
}
