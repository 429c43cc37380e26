package io.reclaim.management.internal;

/** {@code io.reclaim:type=Handler,name=<type>}: one cleanup handler's place and counts. */
public interface HandlerMBean {

    String getType();

    /** @return its effective ranking, or -1 while the orchestrator does not run it */
    int getRanking();

    /** @return its 1-based place in the cleanup order, or 0 while the orchestrator does not run it */
    int getPosition();

    /** @return resources of this type tracked for a pid since its manager started, -1 if unknown */
    long getAcquired();

    /** @return resources released, by their owner or by a cleanup, -1 if unknown */
    long getReleased();

    /** @return the bytes of what was released, -1 if unknown */
    long getBytesReleased();

    /** @return the cleanups the handler ran */
    long getRuns();

    /** @return the bytes its cleanups reported freed */
    long getBytesFreed();

    /** @return its errors, plus its runs that failed as a whole */
    long getErrors();

    /** @return its runs abandoned after the timeout, or not started because one was stuck */
    long getTimeouts();

    /** @return calls abandoned after the timeout that are still in the handler now */
    long getStuck();
}
