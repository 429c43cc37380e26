package io.reclaim.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of cleaning up one pid: the total, one outcome per handler in the order the
 * handlers ran, and every error message.
 *
 * @param pid the process cleaned up
 * @param total the sum of every handler's stats, plus one error per handler that failed as a whole
 * @param outcomes one entry per handler, in the order they ran
 * @param duration how long the whole cleanup took
 */
public record CleanupResult(Pid pid, CleanupStats total, List<HandlerOutcome> outcomes, Duration duration) {

    public CleanupResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Builds the result from the outcomes, in the order given. */
    public static CleanupResult of(Pid pid, List<HandlerOutcome> outcomes, Duration duration) {
        CleanupStats total = CleanupStats.NONE;
        for (HandlerOutcome outcome : outcomes) {
            total = total.plus(outcome.stats());
            if (outcome.failed()) {
                total = total.plus(CleanupStats.failed(outcome.resourceType() + ": " + outcome.error()));
            }
        }
        return new CleanupResult(pid, total, outcomes, duration);
    }

    /** @return every error message of every handler, in the order they happened */
    public List<String> errors() {
        return total.errors();
    }

    public boolean hasErrors() {
        return total.hasErrors();
    }

    /** @return the outcome of the handler for {@code resourceType}, or {@code null} if none ran */
    public HandlerOutcome outcome(String resourceType) {
        for (HandlerOutcome outcome : outcomes) {
            if (outcome.resourceType().equals(resourceType)) {
                return outcome;
            }
        }
        return null;
    }

    /** @return the resource types in the order their handlers ran */
    public List<String> order() {
        List<String> order = new ArrayList<>(outcomes.size());
        outcomes.forEach(o -> order.add(o.resourceType()));
        return order;
    }
}
