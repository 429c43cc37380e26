package io.reclaim.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.parsing.DefaultParser;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * TAB after a {@code reclaim:*} command in Karaf's console: the candidates come from the completer
 * Karaf's console itself uses for a line ({@code CommandsCompleter}, which asks the completer of
 * every registered command), given the line as typed. Pids are the live processes, types are the
 * handlers in cleanup order, and the commands run, fail and are listed by {@code help} as before.
 *
 * <p>Reclaim types appear only inside method bodies (see {@link ReclaimFeaturesIT}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandCompletionIT extends ReclaimKarafTestSupport {

    private static final String CONSOLE_COMPLETER = "org.apache.karaf.shell.impl.console.CommandsCompleter";
    private static final String COMPLETION_BUNDLE = "io.reclaim.shell-karaf";
    private static final Pattern SPAWNED = Pattern.compile("pid (\\d+) \\((\\w+)\\) spawned");

    @Test
    public void tabAfterACommandOffersTheLivePidsAndTheResourceTypes() throws Exception {
        installReclaim();
        ProcessManager processes = service(ProcessManager.class);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        String first = spawn("first");
        String second = spawn("second");

        try (Console console = new Console()) {
            Set<String> live = new TreeSet<>();
            for (ProcessInfo info : processes.list()) {
                live.add(info.pid().toString());
            }
            assertTrue(live + " lacks " + first + ", " + second, live.containsAll(List.of(first, second)));
            await("reclaim:kill completes pids", () -> !console.complete("reclaim:kill ").isEmpty(),
                    () -> "bundles: " + stateOf(COMPLETION_BUNDLE));

            for (String line : List.of("reclaim:kill ", "reclaim:kill -t -g 2 ", "give ", "reclaim:resources -v ",
                    "reclaim:plan ", "reclaim:signal ", "reclaim:give ", "reclaim:give " + first + " files ",
                    "reclaim:spawn --parent ", "reclaim:spawn -c 'sleep 1' --heir ")) {
                assertEquals("TAB after '" + line + "'", live, console.complete(line));
            }
            // each pid is shown with its process's name
            List<Candidate> shown = console.candidates("reclaim:kill ");
            assertTrue(describe(shown), shown.stream().anyMatch(c -> c.value().equals(first) && "first".equals(c.descr())));

            Set<String> types = new TreeSet<>();
            for (HandlerInfo handler : orchestrator.handlers()) {
                types.add(handler.resourceType());
            }
            assertTrue(types.toString(), types.containsAll(List.of("files", "sockets", "os-process", "memory")));
            assertEquals(types, console.complete("reclaim:rank "));
            assertEquals(types, console.complete("reclaim:give " + first + " "));
            assertEquals(Set.of("HUP", "INT", "TERM", "USR1", "USR2"), console.complete("reclaim:signal " + first + " "));
            assertEquals(Set.of("-g", "--grace", "-t", "--tree"), console.complete("reclaim:kill -"));
            // what takes no pid or type gets nothing: a name, a ranking, a grace period, a fourth word
            for (String line : List.of("reclaim:spawn ", "reclaim:rank files ", "reclaim:kill -g ",
                    "reclaim:kill " + first + " ", "reclaim:give " + first + " files " + second + " ")) {
                assertEquals("TAB after '" + line + "'", Set.of(), console.complete(line));
            }
            // the command names themselves still complete
            assertTrue(console.complete("reclaim:").toString(), console.complete("reclaim:").containsAll(
                    Set.of("reclaim:kill", "reclaim:rank", "reclaim:ps", "reclaim:handlers")));

            System.out.println("TAB after 'reclaim:kill ': " + describe(console.candidates("reclaim:kill ")));
            // an ended process is no longer offered
            execute("reclaim:kill -g 0 " + first);
            Set<String> after = new TreeSet<>(live);
            after.remove(first);
            assertEquals(after, console.complete("reclaim:kill "));
            System.out.println("TAB after 'reclaim:rank ': " + describe(console.candidates("reclaim:rank ")));
        } finally {
            for (ProcessInfo info : processes.list()) {
                processes.terminate(info.pid(), Duration.ZERO);
            }
        }
    }

    @Test
    public void theCommandsRunFailAndAreListedOnceAsBefore() throws Exception {
        installReclaim();
        await("reclaim:rank completes types", () -> {
            try (Console console = new Console()) {
                return !console.complete("reclaim:rank ").isEmpty();
            }
        });
        KarafShell.Result spawned = execute("reclaim:spawn runner");
        Matcher line = SPAWNED.matcher(spawned.output());
        assertTrue(spawned.output(), line.find());
        String pid = line.group(1);
        // a command still returns its value, for pipes and variables
        assertEquals(Long.parseLong(pid), ((Number) spawned.value()).longValue());

        String help = execute("help").output().replaceAll("\u001b\\[[0-9;]*m", ""); // without its bold
        for (String command : List.of("reclaim:kill", "reclaim:rank", "reclaim:ps", "reclaim:give")) {
            Matcher listed = Pattern.compile("(?m)^\\s*" + command + "\\s").matcher(help);
            int times = 0;
            while (listed.find()) {
                times++;
            }
            assertEquals(command + " in help:\n" + help, 1, times);
        }
        String usage = execute("help reclaim:kill").output();
        assertTrue(usage, usage.contains("terminates a process"));
        for (String command : List.of("spawn", "kill", "resources", "plan", "signal", "give", "rank")) {
            String own = execute("help reclaim:" + command).output();
            assertTrue(command + ":\n" + own, own.contains("reclaim:" + command));
            assertFalse(command + ":\n" + own, own.contains("Cannot coerce") || own.contains("Exception"));
        }

        AssertionError refused = assertThrows(AssertionError.class, () -> execute("reclaim:kill 99999"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("reclaim:kill: no process with pid 99999"));

        String killed = execute("reclaim:kill -g 0 " + pid).output();
        assertTrue(killed, killed.startsWith("pid " + pid + " (runner) "));
    }

    @Test
    public void withoutTheCompletionBundleTheCommandsRunAsKarafWrapsThem() throws Exception {
        installReclaim();
        Bundle completion = bundle(COMPLETION_BUNDLE);
        String pid = spawn("plain");
        try (Console console = new Console()) {
            await("reclaim:kill completes pids", () -> console.complete("reclaim:kill ").contains(pid));

            completion.stop();
            try {
                assertEquals(Set.of(), console.complete("reclaim:kill "));
                assertEquals(Set.of(), console.complete("reclaim:rank "));
                // Karaf's own commands are back in its command processor: they still run
                String listed = execute("reclaim:ps --plain").output();
                assertTrue(listed, Pattern.compile("(?m)^" + pid + "\tplain\t").matcher(listed).find());
                assertTrue(console.complete("reclaim:").contains("reclaim:kill"));
            } finally {
                completion.start();
            }
            await("reclaim:kill completes pids again", () -> console.complete("reclaim:kill ").contains(pid));
            execute("reclaim:kill -g 0 " + pid);
        }
    }

    /** A console session and the completer Karaf's console uses for it, taken from Karaf's shell bundle. */
    private final class Console implements AutoCloseable {

        private final Session session = sessions.create(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        private final Completer completer;

        Console() {
            try {
                Class<?> type = bundle("org.apache.karaf.shell.core").loadClass(CONSOLE_COMPLETER);
                completer = (Completer) type.getConstructor(SessionFactory.class,
                        Session.class).newInstance(sessions, session);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("Karaf's console completer cannot be made", e);
            }
        }

        /** @return what TAB offers at the end of {@code line} */
        List<Candidate> candidates(String line) {
            List<Candidate> candidates = new ArrayList<>();
            completer.completeCandidates(session, new DefaultParser().parse(session, line, line.length()), candidates);
            return candidates;
        }

        /** @return the words TAB offers at the end of {@code line} */
        Set<String> complete(String line) {
            return candidates(line).stream().map(Candidate::value).collect(Collectors.toCollection(TreeSet::new));
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private static String describe(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.descr() == null ? c.value() : c.value() + " (" + c.descr() + ")")
                .collect(Collectors.joining(", "));
    }

    /** @return the pid of a logical process spawned with {@code reclaim:spawn} */
    private String spawn(String name) {
        KarafShell.Result spawned = execute("reclaim:spawn " + name);
        Matcher line = SPAWNED.matcher(spawned.output());
        assertTrue(spawned.output(), line.find());
        return line.group(1);
    }

    private void installReclaim() {
        shell.execute("feature:repo-add " + featuresRepository(), INSTALL_SECONDS);
        shell.execute("feature:install reclaim", INSTALL_SECONDS);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private String stateOf(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return symbolicName + " state " + bundle.getState();
            }
        }
        return symbolicName + " is not installed";
    }
}
