package io.reclaim.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;

/**
 * The handle of a scheduled timer. It stays readable after the timer was cancelled or, for a
 * one-shot timer, fired.
 */
@ProviderType
public interface Timer {

    /** @return the id of the timer, unique within its timer manager */
    long id();

    /** @return the process that scheduled the timer */
    Pid owner();

    TimerKind kind();

    /** @return the period of a repeating timer; empty for a one-shot timer */
    Optional<Duration> period();

    /** @return how many times the action ran, failed runs included */
    long firings();

    /** @return how many runs of the action threw; each is logged and the timer keeps its schedule */
    long failures();

    /** @return when the timer fires next; empty once it was cancelled or a one-shot timer fired */
    Optional<Instant> nextFiring();

    /** @return whether the timer may still fire: neither cancelled, nor cleaned up, nor a one-shot that fired */
    boolean isActive();
}
