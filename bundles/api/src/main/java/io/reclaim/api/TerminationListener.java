package io.reclaim.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a process starts to terminate: the gate is already closed, the grace period has not
 * begun. The signals bundle uses it to deliver TERM to the process's handlers so the process can
 * shut down cleanly before its resources are released. Register it as an OSGi service (the
 * process manager tracks them) or hand it to the process manager's builder.
 *
 * <p>Implementations must return quickly; the grace period is for the process, not the listener.
 */
@ConsumerType
@FunctionalInterface
public interface TerminationListener {

    /**
     * @param pid the process now TERMINATING
     * @param grace the grace period about to start; zero for a forced termination or an OS child
     *     that already exited
     */
    void terminating(Pid pid, Duration grace);
}
