package io.reclaim.example.tempdir;

import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessState;

/** A process table reduced to what a resource manager asks of it. */
final class TestGate implements ProcessGate {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();

    Pid running(long id) {
        Pid pid = Pid.of(id);
        states.put(pid, ProcessState.RUNNING);
        return pid;
    }

    /** Closes the gate, as the process manager does before the cleanup. */
    void terminating(Pid pid) {
        states.put(pid, ProcessState.TERMINATING);
    }

    @Override
    public ProcessState state(Pid pid) {
        return states.get(pid);
    }
}
