package io.reclaim.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;

@ObjectClassDefinition(name = "Reclaim scheduler",
        description = "The run queue of managed processes: entries taken one process at a time, removed when the process ends")
public @interface SchedulerConfiguration {

    @AttributeDefinition(name = "Policy",
            description = "ROUND_ROBIN takes one entry of each process in turn; PRIORITY serves the processes "
                    + "with the highest priority first, round robin among equals. Changing it re-orders the queue "
                    + "and keeps every entry.")
    SchedulingPolicy policy() default SchedulingPolicy.ROUND_ROBIN;

    @AttributeDefinition(name = "Time slice (ms)",
            description = "How long one run-queue entry may run before its process is preempted: the entry is "
                    + "interrupted (it decides whether to stop) and the preemption policy applies. At least 1.",
            min = "1")
    long time_slice_ms() default 100;

    @AttributeDefinition(name = "Preemption policy",
            description = "REQUEUE moves the preempted process's queued entries behind every other process's; "
                    + "LOWER_PRIORITY drops it one priority level until one of its entries ends within its slice")
    PreemptionPolicy preemption_policy() default PreemptionPolicy.LOWER_PRIORITY;

    @AttributeDefinition(name = "CPU budget action",
            description = "What happens to a process whose CPU time passes its budget (process property "
                    + Scheduler.CPU_BUDGET_PROPERTY + "): PREEMPT or TERMINATE")
    BudgetAction cpu_budget_action() default BudgetAction.PREEMPT;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the scheduler cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_SCHEDULER;
}
