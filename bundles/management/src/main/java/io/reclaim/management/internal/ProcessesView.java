package io.reclaim.management.internal;

import java.time.Duration;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;

final class ProcessesView implements ProcessesMBean {

    private final ProcessManager processes;

    ProcessesView(ProcessManager processes) {
        this.processes = processes;
    }

    @Override
    public int getRunning() {
        return count(ProcessState.RUNNING);
    }

    @Override
    public int getTerminating() {
        return count(ProcessState.TERMINATING);
    }

    private int count(ProcessState state) {
        return (int) processes.list().stream().filter(info -> info.state() == state).count();
    }

    @Override
    public long getSpawned() {
        return processes.statistics().spawned();
    }

    @Override
    public long getTerminated() {
        return processes.statistics().terminated();
    }

    @Override
    public long getForced() {
        return processes.statistics().forced();
    }

    @Override
    public long getExited() {
        return processes.statistics().exited();
    }

    @Override
    public long getShutdown() {
        return processes.statistics().shutdown();
    }

    @Override
    public long getOrphans() {
        return processes.statistics().orphans();
    }

    @Override
    public String[] getProcesses() {
        return processes.list().stream()
                .map(info -> info.pid() + " " + info.name() + " " + info.state() + " " + info.osPid())
                .toArray(String[]::new);
    }

    @Override
    public String terminate(long pid, long graceSeconds) {
        if (pid <= 0) {
            throw new IllegalArgumentException("no process with pid " + pid);
        }
        if (graceSeconds < 0) {
            throw new IllegalArgumentException("the grace must be 0 or more seconds, got " + graceSeconds);
        }
        Pid id = Pid.of(pid);
        try {
            processes.terminate(id, Duration.ofSeconds(graceSeconds));
        } catch (NoSuchProcessException e) {
            throw new IllegalArgumentException("no process with pid " + pid);
        }
        ProcessInfo info = processes.info(id).orElseThrow();
        CleanupStats total = info.cleanup().total();
        return "pid " + pid + " (" + info.name() + ") " + info.ending() + ": freed " + total.resourcesFreed()
                + " resources, " + total.bytesFreed() + " bytes, " + total.errorsEncountered() + " errors";
    }
}
