package io.reclaim.tasks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessState;

/** A process table just big enough to be the gate in tests. */
public final class Processes implements ProcessGate {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    public Pid spawn() {
        Pid pid = Pid.of(next.incrementAndGet());
        states.put(pid, ProcessState.RUNNING);
        return pid;
    }

    /** Closes the gate of {@code pid}, as a process manager does before it runs the cleanup. */
    public void terminate(Pid pid) {
        states.put(pid, ProcessState.TERMINATING);
    }

    @Override
    public ProcessState state(Pid pid) {
        return states.get(pid);
    }
}
