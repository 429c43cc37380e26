package io.reclaim.signals.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.reclaim.signals.SignalManager;

/** Validates and normalizes signal names; see {@link SignalManager} for the rules. */
final class SignalNames {

    private static final Set<String> STANDARD = Set.of(SignalManager.TERM, SignalManager.INT,
            SignalManager.HUP, SignalManager.USR1, SignalManager.USR2);
    // On Unix these two never reach a handler; accepting them here would promise what no handler can keep.
    private static final Set<String> UNHANDLEABLE = Set.of("KILL", "STOP");
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]{0,31}");

    private SignalNames() {
    }

    /**
     * @return the name in upper case, without a {@code SIG} prefix on a standard name
     * @throws IllegalArgumentException with a one-line message if it is not a valid name
     */
    static String normalize(String signal) {
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("a signal name is required (e.g. TERM, USR1, RELOAD)");
        }
        String name = signal.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG") && (STANDARD.contains(name.substring(3)) || UNHANDLEABLE.contains(name.substring(3)))) {
            name = name.substring(3);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid signal name '" + signal.trim()
                    + "': use up to 32 letters and digits, starting with a letter (e.g. TERM, USR1, RELOAD)");
        }
        if (UNHANDLEABLE.contains(name)) {
            throw new IllegalArgumentException(name + " cannot be handled; terminate the process instead");
        }
        return name;
    }
}
