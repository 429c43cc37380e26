package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.signals.CloseableSignalManager;
import io.reclaim.signals.SignalManager;

/**
 * The commands as Gogo runs them (a real command processor and session) on the real orchestrator
 * and process manager: every bad input fails the command with one line, never Gogo's coercion
 * message or a stack trace, and every good one still runs.
 */
public class CommandFailuresTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder()
            .withResourceOrchestrator(orchestrator).build();
    private final CloseableSignalManager signalManager = SignalManager.create(processes);
    private final ProcessCommands processCommands = new ProcessCommands(processes, orchestrator);
    private final SignalCommands signalCommands = new SignalCommands(processes);
    private ThreadIOImpl threadIo;
    private CommandSession session;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Before
    public void gogo() {
        signalCommands.signals = new ComponentServiceObjects<SignalManager>() {
            @Override
            public SignalManager getService() {
                return signalManager;
            }

            @Override
            public void ungetService(SignalManager service) {
            }

            @Override
            public ServiceReference<SignalManager> getServiceReference() {
                throw new UnsupportedOperationException();
            }
        };
        threadIo = new ThreadIOImpl();
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        for (String function : List.of("spawn", "ps", "kill")) {
            processor.addCommand("reclaim", processCommands, function);
        }
        processor.addCommand("reclaim", new ResourceCommands(processes, orchestrator), "handlers");
        processor.addCommand("reclaim", new ResourceCommands(processes, orchestrator), "resources");
        processor.addCommand("reclaim", new PlanCommands(processes, orchestrator), "plan");
        processor.addCommand("reclaim", new LeakCommands(processes, orchestrator, OsChildProbe.system()), "leaks");
        processor.addCommand("reclaim", new HistoryCommands(processes, java.time.Clock.systemUTC()), "history");
        processor.addCommand("reclaim", new StatsCommands(processes, orchestrator), "stats");
        processor.addCommand("reclaim", signalCommands, "signal");
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    @After
    public void close() {
        session.close();
        threadIo.stop();
        signalManager.close();
        processes.close();
        orchestrator.close();
    }

    private String output() {
        String text = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return text;
    }

    /** Runs {@code line} in the Gogo session and returns the one line it failed with. */
    private String failure(String line) {
        CommandFailure failure = assertThrows(line, CommandFailure.class, () -> session.execute(line));
        assertEquals("no stack trace is kept", 0, failure.getStackTrace().length);
        assertEquals("Gogo prints toString(): the line alone", failure.getMessage(), failure.toString());
        assertFalse(failure.getMessage(), failure.getMessage().contains("\n"));
        return failure.getMessage();
    }

    @Test
    public void wrongArgumentCountsAndUnknownOptionsGetOneLineInsteadOfGogosCoercionMessage() throws Exception {
        assertEquals("reclaim:spawn: a name is required (reclaim:spawn [-c \"CMD ARGS\"] [--parent PID [--detached]] "
                + "[--heir PID] NAME)", failure("reclaim:spawn"));
        assertEquals("reclaim:spawn: wrong arguments: 'a' 'b' (usage: reclaim:spawn [-c VALUE] [--parent VALUE] [--detached] [--heir VALUE] NAME)",
                failure("reclaim:spawn a b"));
        assertEquals("reclaim:spawn: unknown option '--detach' (usage: reclaim:spawn [-c VALUE] [--parent VALUE] [--detached] [--heir VALUE] NAME)",
                failure("reclaim:spawn --detach a"));
        assertEquals("reclaim:ps: unknown option '--all' (usage: reclaim:ps [-p] [-t])", failure("reclaim:ps --all"));
        assertEquals("reclaim:ps: wrong arguments: 'now' (usage: reclaim:ps [-p] [-t])", failure("reclaim:ps now"));
        assertEquals("reclaim:leaks: unknown option '-x' (usage: reclaim:leaks [-r] [-p] [-v] [-s])", failure("reclaim:leaks -r -x"));
        assertEquals("reclaim:history: wrong arguments: '-v' 'extra' (usage: reclaim:history [-v] [-p])",
                failure("reclaim:history -v extra"));
        assertEquals("reclaim:stats: wrong arguments: 'x' (usage: reclaim:stats [-p])", failure("reclaim:stats x"));
        assertEquals("reclaim:handlers: unknown option '--verbose' (usage: reclaim:handlers [-p])",
                failure("reclaim:handlers --verbose"));
        assertEquals("reclaim:signal: wrong arguments: '1' 'TERM' 'now' (usage: reclaim:signal PID SIGNAL)",
                failure("reclaim:signal 1 TERM now"));
        assertEquals("reclaim:kill: unknown option '--force' (usage: reclaim:kill [-g VALUE] [-t] PID)",
                failure("reclaim:kill --force 1"));
        assertTrue("nothing was spawned by the refused commands", processes.list().isEmpty());
    }

    @Test
    public void everyFormThatFitsStillRunsAndReturnsItsValueForPipes() throws Exception {
        Object pid = session.execute("p = reclaim:spawn demo");
        assertEquals("spawn returns the pid for $p", 1L, pid);
        assertTrue(output().contains("pid 1 (demo) spawned, logical"));
        session.execute("reclaim:ps");
        session.execute("reclaim:ps -p");
        session.execute("reclaim:leaks");
        session.execute("reclaim:leaks -r");
        session.execute("reclaim:leaks -p -r");
        session.execute("reclaim:history -v");
        session.execute("reclaim:stats -p");
        session.execute("reclaim:handlers");
        session.execute("reclaim:plan $p");
        session.execute("reclaim:resources -p $p");
        session.execute("reclaim:signal $p USR1");
        String shown = output();
        assertTrue(shown, shown.contains("demo"));
        assertTrue(shown, shown.contains("pid 1: USR1 pending until the process handles it"));
        session.execute("reclaim:kill -g 0 $p");
        assertTrue(output().contains("pid 1 (demo) terminated"));
    }

    @Test
    public void helpAsKarafAsksForItShowsTheUsageOfEveryCommandWithoutFailing() throws Exception {
        for (String command : List.of("spawn", "ps", "kill", "leaks", "history", "stats", "handlers", "plan",
                "resources", "signal")) {
            assertNull(session.execute("reclaim:" + command + " --help"));
            String usage = output();
            assertTrue(command + ": " + usage, usage.startsWith("usage: reclaim:" + command));
        }
    }

    @Test
    public void aProgramTheOsCannotRunIsRefusedBeforeAPidIsSpent() throws Exception {
        Path text = tmp.newFile("notes.txt").toPath();
        Files.writeString(text, "just text\n");
        Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notExecutable = tmp.newFile("script.sh").toPath();
        Files.writeString(notExecutable, "#!/bin/sh\nexit 0\n");

        assertEquals("reclaim:spawn: '" + text + "' has a bad executable format (neither an ELF binary nor a #! script)",
                failure("reclaim:spawn -c " + text + " x"));
        assertEquals("reclaim:spawn: '" + notExecutable + "' is not executable (no x permission)",
                failure("reclaim:spawn -c " + notExecutable + " x"));
        assertEquals("reclaim:spawn: no executable 'no-such-program-here' on the PATH",
                failure("reclaim:spawn -c no-such-program-here x"));
        assertEquals("reclaim:spawn: no executable '/no/such/program': no such file",
                failure("reclaim:spawn -c /no/such/program x"));
        assertEquals("reclaim:spawn: the command has an unclosed \" quote: sleep \"1",
                failure("reclaim:spawn -c 'sleep \"1' x"));

        assertEquals("the first pid is still free", 1L, session.execute("reclaim:spawn after"));
    }

    @Test
    public void namesAreBoundedAndControlCharactersNeverReachTheTerminal() throws Exception {
        String escape = "\u001b[2J\u001b[31mred";
        String refused = assertThrows(CommandFailure.class, () -> processCommands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, escape))
                .getMessage();
        assertEquals("reclaim:spawn: a name cannot hold control characters, got '\\e[2J\\e[31mred'", refused);
        assertEquals("reclaim:spawn: a name has at most 256 characters, got 257",
                assertThrows(CommandFailure.class, () -> processCommands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "n".repeat(257)))
                        .getMessage());
        assertEquals(1L, (long) processCommands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "n".repeat(256)));

        // names given through the API, not the shell, are shown escaped and cut
        processes.spawn(ProcessSpec.named("bell\u0007" + escape));
        processes.spawn(ProcessSpec.named("w".repeat(100_000)));
        output();
        session.execute("reclaim:ps");
        String table = output();
        assertFalse("an escape character reached the terminal", table.contains("\u001b") || table.contains("\u0007"));
        assertTrue(table, table.contains("bell\\x07\\e[2J\\e[31mred"));
        assertTrue("no row is padded to a long name's width: " + table.lines().mapToInt(String::length).max(),
                table.lines().allMatch(line -> line.length() < 200));
    }

    @Test
    public void signalNamesAreBoundedAndABareSigPrefixIsRefused() throws Exception {
        session.execute("p = reclaim:spawn target");
        assertEquals("reclaim:signal: 'SIG' is only a prefix: name the signal, e.g. SIGTERM or TERM",
                failure("reclaim:signal $p SIG"));
        assertEquals("reclaim:signal: a signal name has at most 32 characters, got 10000",
                failure("reclaim:signal $p " + "X".repeat(10_000)));
        assertEquals("reclaim:signal: a signal name is letters and digits, got 'US\\e[1mR1'",
                failure("reclaim:signal $p \"US\u001b[1mR1\""));
        output();
        session.execute("reclaim:signal $p SIGUSR1");
        assertTrue(output().contains("USR1"));
    }
}
