package io.reclaim.shell.internal;

/**
 * A {@code reclaim:*} command that failed, carrying its one line, {@code reclaim:<function>: <what
 * was wrong>}. Thrown out of the command so that the shell sees a failure: Gogo prints
 * {@link #toString()} (the line alone) and stores the exception in {@code $exception}, Karaf prints
 * "Error executing command: " and the line, and a script, a batch run or the launcher reading
 * commands from stdin can tell. It has no stack trace: the line says everything the user can act on.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String function, String message) {
        super("reclaim:" + function + ": " + message, null, false, false);
    }

    /** What Gogo prints: the line, without the class name. */
    @Override
    public String toString() {
        return getMessage();
    }
}
