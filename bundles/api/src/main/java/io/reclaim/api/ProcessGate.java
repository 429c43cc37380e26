package io.reclaim.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The termination gate: tells whether a pid may still acquire resources. The process manager is
 * the gate of the platform; every resource manager consults it before and after tracking a
 * resource, so that nothing is ever tracked for a pid whose cleanup has begun.
 *
 * <p>A functional interface that anyone may implement, usually with a lambda: the process manager
 * registers {@code manager::state}, {@link io.reclaim.api.ledger.LocalProcessGate} keeps one by
 * hand, and an embedder's own supervisor or a test passes {@code states::get}. Hence
 * {@link ConsumerType}: adding an abstract method would break every implementation, so it takes a
 * major version; a default method added later is a minor change for them.
 */
@ConsumerType
@FunctionalInterface
public interface ProcessGate {

    /**
     * @return the state of {@code pid}, or {@code null} if no such process was ever spawned (or it
     *     has left the bounded history)
     */
    ProcessState state(Pid pid);

    /** @return whether {@code pid} may acquire resources now */
    default boolean admits(Pid pid) {
        return state(pid) == ProcessState.RUNNING;
    }

    /**
     * The limit {@code pid} has on resources of {@code type}, where its process sets one of its own
     * (see {@link ResourceLimit}); asked on every acquisition, so answer in O(1).
     *
     * @return the pid's own limit, or {@code null} if the type's default applies
     */
    default ResourceLimit limit(Pid pid, String type) {
        return null;
    }

    /**
     * @throws ProcessNotRunningException if {@code pid} is unknown or no longer running
     */
    default void checkAdmits(Pid pid) {
        ProcessState state = state(pid);
        if (state != ProcessState.RUNNING) {
            throw new ProcessNotRunningException(pid, state);
        }
    }
}
