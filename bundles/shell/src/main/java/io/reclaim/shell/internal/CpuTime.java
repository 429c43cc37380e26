package io.reclaim.shell.internal;

import java.time.Duration;

import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;

/** A pid's CPU time as the shell shows it; a failing accounting shows as unknown, not as a stack trace. */
final class CpuTime {

    private CpuTime() {
    }

    static String of(CpuAccounting accounting, Pid pid) {
        try {
            Duration cpu = accounting.cpuTime(pid);
            return Human.elapsed(cpu);
        } catch (Throwable e) {
            return "?";
        }
    }
}
