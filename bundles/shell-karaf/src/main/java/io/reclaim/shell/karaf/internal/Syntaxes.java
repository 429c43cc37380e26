package io.reclaim.shell.karaf.internal;

import static io.reclaim.shell.karaf.internal.Syntax.Kind.PID;
import static io.reclaim.shell.karaf.internal.Syntax.Kind.SIGNAL;
import static io.reclaim.shell.karaf.internal.Syntax.Kind.TEXT;
import static io.reclaim.shell.karaf.internal.Syntax.Kind.TYPE;

import java.util.Map;

/**
 * The {@code reclaim:*} commands whose words name a pid, a resource type or a signal, read from
 * their Gogo methods. The other commands take only flags, or a component pid ({@code config}),
 * and Karaf keeps them as it wraps them.
 */
final class Syntaxes {

    private static final String[] PLAIN = {"-p", "--plain", "--no-format"};

    /** Per function name (after {@code reclaim:}), what its words are. */
    static final Map<String, Syntax> COMMANDS = Map.of(
            "spawn", Syntax.of(TEXT).option(TEXT, "-c", "--command").option(PID, "--parent").flag("--detached")
                    .option(PID, "--heir"),
            "kill", Syntax.of(PID).option(TEXT, "-g", "--grace").flag("-t", "--tree"),
            "resources", Syntax.of(PID).flag(PLAIN).flag("-v", "--verbose"),
            "plan", Syntax.of(PID).flag(PLAIN),
            "signal", Syntax.of(PID, SIGNAL),
            "give", Syntax.of(PID, TYPE, PID),
            "rank", Syntax.of(TYPE, TEXT));

    private Syntaxes() {
    }
}
