package io.reclaim.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a process is spawned and when it has ended, e.g. to publish events or keep a
 * monitoring view. Register it as an OSGi service (the process manager tracks them) or hand it to
 * the process manager's builder.
 *
 * <p>Both calls happen on the thread that spawned or ended the process, after the process table
 * and history already show the change, so a listener must return at once: hand any real work to
 * a thread of its own. Whatever a listener throws, an {@code Error} included, is logged and
 * changes nothing for the process or for the other listeners.
 *
 * @since 1.4
 */
@ConsumerType
public interface ProcessListener {

    /** @param process the process just spawned, RUNNING (its OS child, if any, started) */
    default void spawned(ProcessInfo process) {
    }

    /** @param process the process just ended: TERMINATED, with its ending and cleanup result */
    default void ended(ProcessInfo process) {
    }
}
