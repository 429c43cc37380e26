package io.reclaim.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;

/** One unit of work in the run queue, owned by the process that enqueued it. */
@ProviderType
public interface RunEntry {

    /** @return the process that enqueued the entry */
    Pid owner();

    /** @return the order of enqueueing across the whole scheduler, starting at 1 */
    long sequence();

    /** @return the work to run; whoever takes the entry runs it */
    Runnable work();
}
