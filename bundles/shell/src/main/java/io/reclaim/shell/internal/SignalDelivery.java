package io.reclaim.shell.internal;

import java.util.Locale;
import java.util.Set;

import io.reclaim.api.Pid;
import io.reclaim.signals.SignalManager;

/**
 * The one class that uses the signals bundle's types. The JVM loads it only when a signal
 * manager is there to be called; without the bundle it is never touched.
 */
final class SignalDelivery {

    private static final Set<String> STANDARD = Set.of(SignalManager.TERM, SignalManager.INT, SignalManager.HUP,
            SignalManager.USR1, SignalManager.USR2);

    private SignalDelivery() {
    }

    /**
     * Sends {@code signal} to {@code pid}.
     *
     * @param manager a {@link SignalManager}
     * @return one line saying whether a handler received it or it is pending
     * @throws IllegalArgumentException if the signal name is invalid or cannot be handled
     * @throws IllegalStateException if the process is not running or has too many pending signals
     */
    static String send(Object manager, Pid pid, String signal) {
        SignalManager signals = (SignalManager) manager;
        signals.send(pid, signal);
        String name = name(signal);
        return signals.handled(pid).contains(name)
                ? "pid " + pid + ": " + name + " delivered to its handlers"
                : "pid " + pid + ": " + name + " pending until the process handles it";
    }

    /** The name as the manager keeps it: upper case, a standard name without its SIG prefix. */
    private static String name(String signal) {
        String name = signal.trim().toUpperCase(Locale.ROOT);
        return name.startsWith("SIG") && STANDARD.contains(name.substring(3)) ? name.substring(3) : name;
    }
}
