package io.reclaim.shell.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;

/**
 * Reads command arguments as users type them. Every method throws
 * {@link IllegalArgumentException} with a one-line message that says what was expected.
 */
public final class Args {

    /** What a command without its pid argument says. */
    static final String PID_REQUIRED = "a pid is required";

    private Args() {
    }

    /**
     * Reads a pid typed as text ({@code 7}) or held in a variable ({@code $pid}, a {@link Long}
     * returned by {@code reclaim:spawn}).
     */
    public static Pid pid(Object value) {
        Usage.check(value);
        if (value instanceof Pid pid) {
            return pid;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Pid.of(((Number) value).longValue());
        }
        return Pid.parse(value == null ? null : value.toString());
    }

    /**
     * Reads an option flag: {@code "true"} or {@code "false"} as Gogo passes it from the option's
     * present and absent values, or a {@link Boolean} from a direct call. Flags are declared
     * {@code Object} so that Gogo converts nothing for them: see {@link Misuse}.
     */
    public static boolean flag(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        return value != null && Boolean.parseBoolean(value.toString().trim());
    }

    /**
     * Reads a number of seconds, decimals allowed: {@code 5}, {@code 0.25}, {@code 0}.
     *
     * @param what names the value in the message, e.g. {@code "grace"}
     */
    public static Duration seconds(String what, Object value) {
        String text = value == null ? "" : value.toString().trim();
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is a number of seconds, got '" + text + "'");
        }
        if (seconds.signum() < 0) {
            throw new IllegalArgumentException(what + " cannot be negative, got " + text);
        }
        try {
            return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is too long, got " + text + " seconds");
        }
    }

    /**
     * Reads a whole number from 1 to {@code max}.
     *
     * @param what names the value in the message, e.g. {@code "processes"}
     */
    public static int count(String what, Object value, int max) {
        String text = value == null ? "" : value.toString().trim();
        long count;
        try {
            count = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is a whole number, got '" + text + "'");
        }
        if (count < 1 || count > max) {
            throw new IllegalArgumentException(what + " is a number from 1 to " + max + ", got " + text);
        }
        return (int) count;
    }

    /**
     * Checks a process name typed for {@code reclaim:spawn}: at most
     * {@value Names#MAX_NAME} characters, no control characters (which would act on the terminals
     * it is shown on).
     */
    public static String name(String name) {
        if (name == null) {
            return null; // the process manager says what a name must be
        }
        if (name.length() > Names.MAX_NAME) {
            throw new IllegalArgumentException("a name has at most " + Names.MAX_NAME + " characters, got "
                    + name.length());
        }
        if (!Names.escape(name).equals(name)) {
            throw new IllegalArgumentException("a name cannot hold control characters, got '" + Names.display(name) + "'");
        }
        return name;
    }

    /** The longest signal name accepted. */
    static final int MAX_SIGNAL = 32;

    /**
     * Checks a signal name typed for {@code reclaim:signal}: letters and digits, at most
     * {@value #MAX_SIGNAL} of them, and more than a bare {@code SIG} prefix (an empty one is left to
     * the signal manager, which says what it takes).
     */
    public static String signal(String signal) {
        String name = signal == null ? "" : signal.trim();
        if (name.isEmpty()) {
            return signal; // the signal manager says what is required
        }
        if (name.length() > MAX_SIGNAL) {
            throw new IllegalArgumentException("a signal name has at most " + MAX_SIGNAL + " characters, got "
                    + name.length());
        }
        if (!name.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("a signal name is letters and digits, got '" + Names.display(name) + "'");
        }
        if (name.equalsIgnoreCase("SIG")) {
            throw new IllegalArgumentException("'" + name + "' is only a prefix: name the signal, e.g. SIGTERM or TERM");
        }
        return name;
    }

    /** @see ProcessSpec#splitCommandLine(String) */
    public static List<String> commandLine(String line) {
        return ProcessSpec.splitCommandLine(line);
    }
}
