package io.reclaim.tasks;

import java.util.concurrent.Future;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;

/**
 * The handle of a submitted task. It stays usable after the task finished: its future keeps the
 * result, while the task manager has already stopped tracking it.
 *
 * @param <T> the result of the task
 */
@ProviderType
public interface Task<T> {

    /** @return the id of the task, unique within its task manager */
    long id();

    /** @return the process that submitted the task */
    Pid owner();

    /**
     * @return the result; cancelling it with {@code mayInterruptIfRunning} interrupts the task,
     *     like {@link TaskManager#cancel(Pid, Task)} but without the owner check
     */
    Future<T> future();
}
