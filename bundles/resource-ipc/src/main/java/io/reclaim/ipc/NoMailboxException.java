package io.reclaim.ipc;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;

/** A message was addressed to a pid that is gone, terminating, unknown, or has opened no mailbox. */
public class NoMailboxException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final ProcessState state;

    public NoMailboxException(Pid pid, ProcessState state) {
        super(message(pid, state));
        this.pid = pid;
        this.state = state;
    }

    public Pid pid() {
        return pid;
    }

    /** @return the receiver's state, or {@code null} if it is unknown */
    public ProcessState state() {
        return state;
    }

    private static String message(Pid pid, ProcessState state) {
        if (state == null) {
            return "no process with pid " + pid + ": message not sent";
        }
        if (state != ProcessState.RUNNING) {
            return "pid " + pid + " is " + state + ": it receives no more messages";
        }
        return "pid " + pid + " has no mailbox: it must open one (or receive once) before others can send to it";
    }
}
