package io.reclaim.api.ledger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessState;

/**
 * A termination gate kept by hand, for resource managers used without a process manager: tests,
 * or a supervisor of your own that knows when its processes start and end. Close a pid's gate
 * ({@link #terminating}) before cleaning it up, as the process manager does.
 */
public final class LocalProcessGate implements ProcessGate {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final AtomicLong lastPid = new AtomicLong();

    /** @return a new pid, RUNNING, never handed out by this gate before */
    public Pid spawn() {
        return running(lastPid.incrementAndGet());
    }

    /** Marks {@code value} as a RUNNING pid. */
    public Pid running(long value) {
        Pid pid = Pid.of(value);
        lastPid.accumulateAndGet(value, Math::max);
        states.put(pid, ProcessState.RUNNING);
        return pid;
    }

    /** Closes the gate of {@code pid}: from now on every acquisition for it fails. */
    public void terminating(Pid pid) {
        set(pid, ProcessState.TERMINATING);
    }

    public void set(Pid pid, ProcessState state) {
        states.put(pid, state);
    }

    @Override
    public ProcessState state(Pid pid) {
        return states.get(pid);
    }
}
