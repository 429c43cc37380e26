package io.reclaim.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a process starts to terminate: the gate is already closed, the grace period has not
 * begun. The signals bundle uses it to deliver TERM to the process's handlers so the process can
 * shut down cleanly before its resources are released. Register it as an OSGi service (the
 * process manager tracks them) or hand it to the process manager's builder.
 *
 * <p>The grace period belongs to the process as a whole: a listener may wait within it for the
 * process's own shutdown work (the signals bundle waits for the TERM handlers it started), and
 * whatever it leaves is what the OS child gets before SIGKILL. With a zero grace it must return
 * at once.
 */
@ConsumerType
@FunctionalInterface
public interface TerminationListener {

    /**
     * @param pid the process now TERMINATING
     * @param grace the grace period, which starts now; zero for a forced termination, an OS child
     *     that already exited, or a platform shutdown
     */
    void terminating(Pid pid, Duration grace);
}
