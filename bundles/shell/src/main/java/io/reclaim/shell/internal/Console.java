package io.reclaim.shell.internal;

/** Where a command reports bad input: one line on the session's error stream, no stack trace. */
final class Console {

    private Console() {
    }

    /**
     * Prints {@code reclaim:<function>: <message>}, e.g. {@code reclaim:kill: no process with pid 99};
     * or the command's usage when it was asked for with {@code --help}.
     */
    static void error(String function, Exception problem) {
        if (problem instanceof Usage.Requested) {
            Class<?> commands = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
            Usage.of(commands, function).forEach(System.out::println);
            return;
        }
        String message = problem.getMessage();
        error(function, message == null || message.isBlank() ? problem.toString() : message);
    }

    static void error(String function, String message) {
        // Gogo redirects System.err per session thread, so this reaches the user's terminal
        System.err.println("reclaim:" + function + ": " + message);
    }
}
