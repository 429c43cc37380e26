package io.reclaim.scheduler;

/** What the scheduler does with a process whose CPU time passed its budget ({@link Scheduler#CPU_BUDGET_PROPERTY}). */
public enum BudgetAction {

    /** Its running entries are interrupted and it is preempted, as if each had overrun its slice. */
    PREEMPT,

    /** It is terminated through the process manager, as {@code reclaim:kill} would. */
    TERMINATE
}
