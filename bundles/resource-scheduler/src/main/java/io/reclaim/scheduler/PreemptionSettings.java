package io.reclaim.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scheduler preempts: the time slice each run-queue entry gets, what happens to a process
 * whose entry overran it, and what happens to a process over its CPU budget.
 *
 * @param timeSlice how long an entry may run before its process is preempted; positive
 * @param policy what happens to the process's queued entries on preemption
 * @param budgetAction what happens to a process over its CPU budget
 */
public record PreemptionSettings(Duration timeSlice, PreemptionPolicy policy, BudgetAction budgetAction) {

    /** A 100 ms slice, {@link PreemptionPolicy#LOWER_PRIORITY}, {@link BudgetAction#PREEMPT}. */
    public static final PreemptionSettings DEFAULT =
            new PreemptionSettings(Duration.ofMillis(100), PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT);

    /**
     * @throws IllegalArgumentException if {@code timeSlice} is zero or negative
     * @throws NullPointerException if an argument is null
     */
    public PreemptionSettings {
        Objects.requireNonNull(timeSlice, "a time slice is required");
        Objects.requireNonNull(policy, "a preemption policy is required");
        Objects.requireNonNull(budgetAction, "a budget action is required");
        if (timeSlice.isZero() || timeSlice.isNegative()) {
            throw new IllegalArgumentException("a time slice must be positive, got " + timeSlice);
        }
    }
}
