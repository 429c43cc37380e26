package io.reclaim.shell.internal;

/**
 * Where a command reports bad input or a failure: one line, {@code reclaim:<function>: <message>},
 * thrown as a {@link CommandFailure} so that the shell, Karaf and scripts see the command fail, and
 * printed by the shell without a stack trace.
 */
final class Console {

    private Console() {
    }

    /**
     * Fails with {@code reclaim:<function>: <message>}, e.g. {@code reclaim:kill: no process with
     * pid 99}; or prints the command's usage, and returns, when it was asked for with {@code --help}.
     *
     * @throws CommandFailure unless {@code problem} asks for help
     */
    static void error(String function, Exception problem) {
        if (problem instanceof Usage.Requested) {
            Class<?> commands = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
            Usage.of(commands, function).forEach(System.out::println);
            return;
        }
        if (problem instanceof CommandFailure failure) {
            throw failure;
        }
        String message = problem.getMessage();
        error(function, message == null || message.isBlank() ? problem.toString() : message);
    }

    /** @throws CommandFailure always, with {@code reclaim:<function>: <message>} */
    static void error(String function, String message) {
        throw failure(function, message);
    }

    /** @return the failure of {@code function}, to throw */
    static CommandFailure failure(String function, String message) {
        return new CommandFailure(function, Names.oneLine(message));
    }

    /**
     * Prints {@code reclaim:<function>: <message>} on the session's error stream and goes on: for
     * one of several problems, the last of which fails the command.
     */
    static void warn(String function, String message) {
        // Gogo redirects System.err per session thread, so this reaches the user's terminal
        System.err.println("reclaim:" + function + ": " + Names.oneLine(message));
    }
}
