package io.reclaim.scheduler.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.PreemptionSettings;
import io.reclaim.scheduler.Scheduler;

/**
 * Reads the preemption settings from a configuration. A bad value is logged, one line, and the
 * setting in force is kept: a typo in Configuration Admin never leaves the run queue without a slice.
 */
final class SchedulerSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerSettings.class);

    private SchedulerSettings() {
    }

    static PreemptionSettings preemption(SchedulerConfiguration config, PreemptionSettings current) {
        Duration slice = current.timeSlice();
        long millis = config.time_slice_ms();
        if (millis > 0) {
            slice = Duration.ofMillis(millis);
        } else {
            LOG.warn("{}: time.slice.ms must be a positive number of milliseconds, got {}; keeping {} ms",
                    Scheduler.TYPE, millis, slice.toMillis());
        }
        PreemptionPolicy policy = current.policy();
        try {
            policy = config.preemption_policy();
        } catch (RuntimeException e) {
            // SCR converts the configured text when the element is read: a typo lands here
            LOG.warn("{}: unknown preemption.policy ({}), expected REQUEUE or LOWER_PRIORITY; keeping {}",
                    Scheduler.TYPE, e.getMessage(), policy);
        }
        BudgetAction action = current.budgetAction();
        try {
            action = config.cpu_budget_action();
        } catch (RuntimeException e) {
            LOG.warn("{}: unknown cpu.budget.action ({}), expected PREEMPT or TERMINATE; keeping {}",
                    Scheduler.TYPE, e.getMessage(), action);
        }
        return new PreemptionSettings(slice, policy, action);
    }
}
