package io.reclaim.signals;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link SignalManager} created in plain Java behaves; in OSGi the same values come from
 * Configuration Admin under the pid {@code io.reclaim.signals}.
 *
 * @param handlerThreads threads that run signal handlers, shared by every pid
 * @param maxPending signals that may wait per pid without a handler, and per handler not yet run;
 *     sending one more fails
 * @param forwardJvmSignals real JVM signals (e.g. {@code "HUP"}, {@code "USR2"}) to forward to
 *     every pid with a handler for them; empty forwards none
 * @param drainTimeout how long a cleanup lets signals already handed to the pid's handlers (TERM
 *     above all) finish before it removes the handlers; zero removes them at once
 */
public record SignalSettings(int handlerThreads, int maxPending, List<String> forwardJvmSignals, Duration drainTimeout) {

    public static final int DEFAULT_HANDLER_THREADS = 2;
    public static final int DEFAULT_MAX_PENDING = 1024;
    public static final long DEFAULT_DRAIN_MILLIS = 1000;

    /** Two handler threads, 1024 pending signals per pid, no JVM signal forwarded, one second to drain. */
    public static final SignalSettings DEFAULTS = new SignalSettings(DEFAULT_HANDLER_THREADS, DEFAULT_MAX_PENDING,
            List.of(), Duration.ofMillis(DEFAULT_DRAIN_MILLIS));

    /**
     * @throws IllegalArgumentException if a number is not positive or the drain timeout is negative
     */
    public SignalSettings {
        if (handlerThreads < 1) {
            throw new IllegalArgumentException("handler threads must be at least 1, got " + handlerThreads);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending signals must be at least 1, got " + maxPending);
        }
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("the drain timeout must be zero or more, got " + drainTimeout);
        }
        forwardJvmSignals = List.copyOf(forwardJvmSignals);
    }

    /** The same settings, forwarding the named JVM signals. */
    public SignalSettings forwarding(String... jvmSignals) {
        return new SignalSettings(handlerThreads, maxPending, List.of(jvmSignals), drainTimeout);
    }

    /** The same settings with another maximum of pending signals. */
    public SignalSettings withMaxPending(int max) {
        return new SignalSettings(handlerThreads, max, forwardJvmSignals, drainTimeout);
    }

    /** The same settings with another drain timeout. */
    public SignalSettings withDrainTimeout(Duration timeout) {
        return new SignalSettings(handlerThreads, maxPending, forwardJvmSignals, timeout);
    }
}
