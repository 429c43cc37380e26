package io.reclaim.management.internal;

import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/** {@code reclaim-leaks}: WARN while resources are tracked for ended pids, CRITICAL past a count. */
@Component(service = HealthCheck.class, configurationPid = LeakCheck.PID,
        property = { HealthCheck.NAME + "=reclaim-leaks", HealthCheck.TAGS + "=reclaim" })
@Designate(ocd = LeakCheck.Config.class)
public final class LeakCheck implements HealthCheck {

    static final String PID = "io.reclaim.health.leaks";

    @ObjectClassDefinition(name = "Reclaim leak health check",
            description = "WARN while resources are tracked for pids that ended, CRITICAL past a count.")
    @interface Config {
        @AttributeDefinition(name = "Critical count", min = "0",
                description = "More leaked resources than this is CRITICAL; 1 up to this many is WARN.")
        long critical_count() default 100;
    }

    @Reference
    private ProcessManager processes;
    @Reference
    private ResourceOrchestrator orchestrator;
    private volatile long criticalCount;

    @Activate
    @Modified // a new threshold applies to the next execution; nothing else to restart
    void configure(Config config) {
        criticalCount = Math.max(0, config.critical_count());
    }

    @Override
    public Result execute() {
        List<Leaks.Leak> leaks = Leaks.find(processes, orchestrator);
        long count = Leaks.count(leaks);
        if (count == 0) {
            return new Result(Result.Status.OK, "no resources tracked for ended pids");
        }
        long pids = leaks.stream().map(Leaks.Leak::pid).distinct().count();
        String message = count + " resources tracked for " + pids + " ended pids (critical above " + criticalCount
                + "): " + leaks.get(0) + (leaks.size() > 1 ? " ..." : "") + "; reclaim:leaks --reap releases them";
        return new Result(count > criticalCount ? Result.Status.CRITICAL : Result.Status.WARN, message);
    }
}
