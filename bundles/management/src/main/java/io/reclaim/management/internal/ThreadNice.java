package io.reclaim.management.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Lowers the calling thread to the lowest scheduling priority, nice 19: on Linux nice is a
 * property of each thread, set with {@code setpriority(PRIO_PROCESS, tid, 19)} through JNA (an
 * optional import: without JNA, or off Linux, the thread keeps its priority). A thread at nice 19
 * runs on whatever CPU time the threads at nice 0 leave; while they use all of it, it waits.
 */
final class ThreadNice {

    static final int LOWEST = 19;
    private static final int PRIO_PROCESS = 0;

    /** libc's {@code setpriority}. */
    interface LibC extends Library {
        int setpriority(int which, int who, int priority);
    }

    private ThreadNice() {
    }

    /** @return whether the calling thread now runs at nice {@value #LOWEST} */
    static boolean lowest() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>": the kernel's id of this very thread
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            int tid = Integer.parseInt(self.substring(self.lastIndexOf('/') + 1));
            return Native.load("c", LibC.class).setpriority(PRIO_PROCESS, tid, LOWEST) == 0;
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
