package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.reclaim.api.Pid;
import io.reclaim.timers.TimerManager;

/**
 * What {@code reclaim:resources} says of a pid's timers. The only class of the shell that names
 * the timers bundle's types, so the shell loads and runs without that bundle.
 */
final class TimerDisplay {

    private TimerDisplay() {
    }

    /**
     * @param manager the {@link TimerManager} service
     * @param count how many timers the pid holds, as its cleanup handler counts them
     */
    static void print(Object manager, Pid pid, long count, PrintStream out) {
        TimerManager timers = (TimerManager) manager;
        if (count == 0) {
            return;
        }
        Optional<Instant> next = timers.nextFiring(pid);
        out.println("timers: " + count + ", next firing "
                + next.map(at -> "in " + Human.elapsed(Duration.between(Instant.now(), at)) + " (" + at + ")")
                        .orElse("none planned"));
    }
}
