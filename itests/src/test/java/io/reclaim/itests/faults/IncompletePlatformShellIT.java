package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.reclaim.itests.ReclaimTestSupport;

/**
 * While a part of the platform is stopped, the reclaim commands stay and say what is missing,
 * in one line, instead of Gogo answering {@code CommandNotFoundException}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class IncompletePlatformShellIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return options(mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
                reclaimBundle("reclaim-shell"), composite(everything()));
    }

    @Test
    public void whileTheOrchestratorIsStoppedEveryCommandSaysThePlatformIsIncomplete() throws Exception {
        CommandProcessor shell = service(CommandProcessor.class);
        await("the reclaim commands are there", () -> run(shell, "reclaim:ps").err().isEmpty());

        bundle("io.reclaim.orchestrator").stop();

        Output ps = run(shell, "reclaim:ps");
        assertEquals("", ps.out());
        assertEquals("reclaim:ps: the platform is incomplete: no process manager (bundle io.reclaim.process is active "
                + "but has not registered it), no orchestrator (bundle io.reclaim.orchestrator is not active)\n", ps.err());
        Output kill = run(shell, "reclaim:kill 1");
        assertTrue(kill.err(), kill.err().startsWith("reclaim:kill: the platform is incomplete: "));
        assertEquals("one line", 1, kill.err().lines().count());

        bundle("io.reclaim.orchestrator").start();

        await("the commands work again", () -> run(shell, "reclaim:ps").out().contains("no processes"));
    }

    @Test
    public void whileTheProcessBundleIsStoppedTheCommandsNameIt() throws Exception {
        CommandProcessor shell = service(CommandProcessor.class);
        await("the reclaim commands are there", () -> run(shell, "reclaim:ps").err().isEmpty());

        bundle("io.reclaim.process").stop();

        assertEquals("reclaim:history: the platform is incomplete: no process manager (bundle io.reclaim.process "
                + "is not active)\n", run(shell, "reclaim:history").err());
    }

    private record Output(String out, String err) {
    }

    /** Runs one command line in a session of its own; a Gogo failure (e.g. an unknown command) goes to err. */
    private static Output run(CommandProcessor shell, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), outStream, errStream)) {
            session.execute(line);
        } catch (Exception e) {
            errStream.println(e);
        }
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
