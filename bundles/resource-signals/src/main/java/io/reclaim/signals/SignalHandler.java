package io.reclaim.signals;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reacts to a signal sent to the process that registered it. Handlers run on the signal
 * bundle's own small thread pool, one signal at a time per handler, in the order the signals
 * were sent; a handler that throws is logged and keeps receiving later signals.
 */
@ConsumerType
@FunctionalInterface
public interface SignalHandler {

    /**
     * @param signal the signal's name, e.g. {@code "TERM"}
     * @throws Exception if handling failed; it is logged and affects no other handler
     */
    void handle(String signal) throws Exception;
}
