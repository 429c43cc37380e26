package io.reclaim.itests.karaf;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * In Karaf: the reclaim feature ships every component's defaults, so {@code config:list} shows
 * them; Karaf's {@code config:} commands and {@code reclaim:rank}/{@code reclaim:config} change the
 * same configurations; {@code help} answers for every reclaim command; a failing reclaim command
 * is a failure Karaf sees, with its one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationFeatureIT extends ReclaimKarafTestSupport {

    static final List<String> COMMANDS = List.of("spawn", "ps", "kill", "resources", "handlers", "plan", "stats",
            "leaks", "signal", "history", "status", "selftest", "rank", "config");

    private void installReclaim() {
        shell.execute("feature:repo-add " + featuresRepository(), INSTALL_SECONDS);
        shell.execute("feature:install reclaim", INSTALL_SECONDS);
    }

    private String configList(String pid) {
        return execute("config:list \"(service.pid=" + pid + ")\"").output();
    }

    @Test
    public void configListShowsTheDefaultsOfEveryComponentAndBothCommandSetsChangeTheSameConfiguration()
            throws Exception {
        installReclaim();
        assertHas(configList("io.reclaim.orchestrator"), "handler.timeout.ms = 5000");
        String process = configList("io.reclaim.process");
        for (String line : List.of("history.size = 256", "os.process.ranking = 1000", "kill.timeout.ms = 5000",
                "containment = auto", "shutdown.grace.ms = 2000", "orphan.grace.ms = 2000", "use.setsid = true")) {
            assertHas(process, line);
        }
        assertHas(configList("io.reclaim.files"), "service.ranking = 300");
        assertHas(configList("io.reclaim.memory"), "default.quota.bytes = 67108864");
        assertHas(configList("io.reclaim.scheduler"), "policy = ROUND_ROBIN");
        for (String pid : List.of("io.reclaim.timers", "io.reclaim.tasks", "io.reclaim.signals", "io.reclaim.ipc",
                "io.reclaim.sockets", "io.reclaim.iouring", "io.reclaim.zerocopy", "io.reclaim.mmap")) {
            String listed = configList(pid);
            assertTrue(pid + ":\n" + listed, Pattern.compile("(?m)^Pid:\\s+" + Pattern.quote(pid) + "$").matcher(listed).find());
        }

        await("the commands", () -> {
            try {
                return execute("reclaim:handlers --plain").output().contains("files\t300");
            } catch (AssertionError e) {
                return false;
            }
        });
        // Karaf's command, Reclaim's order
        execute("config:property-set -p io.reclaim.files service.ranking 333");
        await("files at 333", () -> execute("reclaim:handlers --plain").output().contains("files\t333"),
                () -> execute("reclaim:handlers").output());
        assertTrue(execute("reclaim:config io.reclaim.files").output().lines()
                .anyMatch(line -> line.matches("service\\.ranking\\s+333\\s+300\\s+.*")));
        // Reclaim's command, Karaf's view
        execute("reclaim:rank files 350");
        assertHas(configList("io.reclaim.files"), "service.ranking = 350");
        await("files at 350", () -> execute("reclaim:handlers --plain").output().contains("files\t350"));
        execute("reclaim:config io.reclaim.orchestrator handler.timeout.ms=2500");
        assertHas(configList("io.reclaim.orchestrator"), "handler.timeout.ms = 2500");
    }

    @Test
    public void helpAnswersForEveryCommandAndAFailingCommandIsAFailureKarafSees() throws Exception {
        installReclaim();
        await("the config command", () -> {
            try {
                execute("reclaim:config");
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
        for (String command : COMMANDS) {
            String help = execute("help reclaim:" + command).output();
            assertTrue(command + ":\n" + help, help.contains("reclaim:" + command));
            assertFalse(command + ":\n" + help, help.contains("Cannot coerce") || help.contains("Exception"));
        }
        AssertionError failed = null;
        try {
            execute("reclaim:kill 99");
        } catch (AssertionError e) {
            failed = e;
        }
        assertTrue("reclaim:kill 99 did not fail", failed != null);
        assertTrue(failed.getMessage(), failed.getMessage().contains("reclaim:kill: no process with pid 99"));
        AssertionError coerced = null;
        try {
            execute("reclaim:ps --bogus");
        } catch (AssertionError e) {
            coerced = e;
        }
        assertTrue("reclaim:ps --bogus did not fail", coerced != null);
        assertTrue(coerced.getMessage(), coerced.getMessage().contains("reclaim:ps: unknown option '--bogus'"));
    }

    private static void assertHas(String output, String line) {
        assertTrue("no '" + line + "' in:\n" + output, Pattern.compile("(?m)^\\s*" + Pattern.quote(line) + "\\s*$")
                .matcher(output).find());
    }
}
