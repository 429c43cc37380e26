package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Rule;
import org.junit.Test;

public class PlatformTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    /** A framework without the process bundle and the orchestrator bundle. */
    private final Platform empty = new Platform(null);

    @Test
    public void everyCommandSaysWhatIsMissingInOneLineWhileThePlatformIsIncomplete() {
        console.failing(() -> new ProcessCommands(empty).ps(false, false));
        console.failing(() -> new ProcessCommands(empty).kill("5", false, "60"));
        console.failing(() -> new HistoryCommands(empty).history(false, false));
        console.failing(() -> new ResourceCommands(empty).handlers(false));
        console.failing(() -> new StatsCommands(empty).stats(false));

        String missing = "the platform is incomplete: no process manager (no framework), no orchestrator (no framework)";
        assertEquals(List.of("reclaim:ps: " + missing, "reclaim:kill: " + missing, "reclaim:history: " + missing,
                "reclaim:handlers: " + missing, "reclaim:stats: " + missing), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void aServiceThatGoesAwayMidCommandFailsWithAClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> empty.processes().list());
        assertEquals("the platform is incomplete: no process manager", e.getMessage());
    }
}
