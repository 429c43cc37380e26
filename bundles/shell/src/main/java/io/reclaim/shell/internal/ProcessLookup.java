package io.reclaim.shell.internal;

import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;

/**
 * Finds the process a command names and refuses, in one line, one that cannot take the command:
 * unknown, already ended, or no longer running.
 */
final class ProcessLookup {

    private ProcessLookup() {
    }

    /**
     * @throws NoSuchProcessException if the manager does not know the pid
     */
    static ProcessInfo known(ProcessManager processes, Pid pid) {
        return processes.info(pid).orElseThrow(() -> new NoSuchProcessException(pid));
    }

    /**
     * @throws NoSuchProcessException if the manager does not know the pid
     * @throws IllegalStateException if the process has already ended
     */
    static ProcessInfo notEnded(ProcessManager processes, Pid pid) {
        ProcessInfo info = known(processes, pid);
        if (info.state() == ProcessState.TERMINATED) {
            throw new IllegalStateException(ended(info));
        }
        return info;
    }

    /**
     * @param purpose what only a running process can do, e.g. {@code "receive signals"}
     * @throws NoSuchProcessException if the manager does not know the pid
     * @throws IllegalStateException if the process is not RUNNING
     */
    static ProcessInfo running(ProcessManager processes, Pid pid, String purpose) {
        ProcessInfo info = known(processes, pid);
        if (info.state() == ProcessState.TERMINATED) {
            throw new IllegalStateException(ended(info));
        }
        if (info.state() != ProcessState.RUNNING) {
            throw new IllegalStateException("pid " + pid + " is " + info.state() + ": only a running process can "
                    + purpose);
        }
        return info;
    }

    private static String ended(ProcessInfo info) {
        return "pid " + info.pid() + " has already ended (" + Endings.describe(info) + "); reclaim:history shows it";
    }
}
