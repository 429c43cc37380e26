package io.reclaim.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * reclaim.jar as its own JVM on a temporary home, operated as a Felix user would: configuration
 * files in {@code etc/}, {@code reclaim:rank} and {@code reclaim:config}, a resource-type bundle
 * copied into {@code deploy/} and deleted again, and the exit code of a run in which a command failed.
 */
public class HomeOperationsIT {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<RunningReclaim> jvms = new ArrayList<>();
    private int logs;

    @After
    public void tearDown() {
        jvms.forEach(RunningReclaim::close);
    }

    private Path home() {
        return tmp.getRoot().toPath().resolve("home");
    }

    private RunningReclaim start() throws IOException {
        RunningReclaim jvm = RunningReclaim.start(home(), tmp.getRoot().toPath().resolve("run-" + (++logs) + ".log"));
        jvms.add(jvm);
        return jvm;
    }

    /** Runs one command line and returns what it printed (stdout and stderr), without the platform's log lines. */
    private static String run(RunningReclaim jvm, String command) throws Exception {
        String marker = "done-" + UUID.randomUUID();
        int from = jvm.output().length();
        jvm.send(command);
        jvm.send("echo " + marker);
        jvm.awaitOutput(marker);
        String output = jvm.output();
        return output.substring(from, output.indexOf(marker, from)).lines()
                .filter(line -> !line.matches("\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                .map(line -> line + "\n").reduce("", String::concat);
    }

    /** @return the rankings {@code reclaim:handlers -p} shows, by type */
    private static Map<String, Integer> rankings(RunningReclaim jvm) throws Exception {
        Map<String, Integer> rankings = new LinkedHashMap<>();
        for (String line : run(jvm, "reclaim:handlers -p").split("\n")) {
            String[] cells = line.split("\t");
            if (cells.length >= 3 && cells[2].matches("-?\\d+")) {
                rankings.put(cells[1], Integer.parseInt(cells[2]));
            }
        }
        return rankings;
    }

    /** Runs {@code reclaim:handlers -p} until the rankings satisfy {@code condition}, within the wait. */
    private static Map<String, Integer> awaitRankings(RunningReclaim jvm, Predicate<Map<String, Integer>> condition)
            throws Exception {
        long deadline = System.nanoTime() + RunningReclaim.WAIT.toNanos();
        Map<String, Integer> rankings = rankings(jvm);
        while (!condition.test(rankings)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the handlers never got there: " + rankings);
            }
            Thread.sleep(200);
            rankings = rankings(jvm);
        }
        return rankings;
    }

    @Test
    public void rankingsSetInEtcAndWithReclaimRankSurviveARestartOfTheJvmOnTheSameHome() throws Exception {
        Path etc = Files.createDirectories(home().resolve("etc"));
        Files.writeString(etc.resolve("io.reclaim.files.cfg"), "service.ranking = 333\n");

        RunningReclaim first = start();
        assertEquals("read from etc/ at start", Integer.valueOf(333), rankings(first).get("files"));
        String ranked = run(first, "reclaim:rank sockets 444");
        assertTrue(ranked, ranked.contains("sockets: ranking 500 -> 444 (io.reclaim.sockets, service.ranking)"));
        assertEquals(Integer.valueOf(444), awaitRankings(first, r -> r.get("sockets") == 444).get("sockets"));
        assertEquals("a run whose commands all succeeded", 0, first.endInput());

        RunningReclaim second = start();
        Map<String, Integer> after = rankings(second);
        assertEquals("the file's ranking, after the restart", Integer.valueOf(333), after.get("files"));
        assertEquals("reclaim:rank's ranking, after the restart", Integer.valueOf(444), after.get("sockets"));
        assertEquals("files now runs after sockets", List.of("sockets", "files"),
                after.keySet().stream().filter(t -> t.equals("sockets") || t.equals("files")).toList());
        // typed as the framework and DS read a ranking: an Integer, not text or a Long
        run(second, "ctx = ${.context}");
        run(second, "cm = $ctx getService ($ctx getServiceReference org.osgi.service.cm.ConfigurationAdmin)");
        String type = run(second, "each ($cm listConfigurations \"(service.pid=io.reclaim.sockets)\") "
                + "{ echo ranking-type ((($it getProperties) get service.ranking) getClass) }");
        assertTrue(type, type.contains("ranking-type class java.lang.Integer"));

        // a changed file applies live
        Files.writeString(etc.resolve("io.reclaim.files.cfg"), "service.ranking = 335\n");
        awaitRankings(second, r -> r.get("files") == 335);
        // and reclaim:rank of a pid that came from a file writes it back to the file
        run(second, "reclaim:rank files 336");
        awaitRankings(second, r -> r.get("files") == 336);
        long deadline = System.nanoTime() + RunningReclaim.WAIT.toNanos();
        while (!Files.readString(etc.resolve("io.reclaim.files.cfg")).contains("336")) {
            assertTrue("etc/io.reclaim.files.cfg was not written back: "
                    + Files.readString(etc.resolve("io.reclaim.files.cfg")), System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        assertEquals(0, second.endInput());
    }

    @Test
    public void aResourceTypeCopiedIntoDeployJoinsTheCleanupAndDeletingItReleasesWhatItHeld() throws Exception {
        Path roots = tmp.newFolder("tempdirs").toPath();
        Path etc = Files.createDirectories(home().resolve("etc"));
        Files.writeString(etc.resolve("io.reclaim.example.tempdir.cfg"), "root.directory = " + roots + "\n");
        Path jar = Path.of(System.getProperty("reclaim.tempdir.jar"));
        RunningReclaim jvm = start();
        assertFalse(rankings(jvm).containsKey("tempdir"));

        Path deployed = home().resolve("deploy").resolve(jar.getFileName());
        Files.copy(jar, deployed);
        assertEquals("the example's ranking", Integer.valueOf(50),
                awaitRankings(jvm, r -> r.containsKey("tempdir")).get("tempdir"));

        run(jvm, "reclaim:spawn holder");
        run(jvm, "ctx = ${.context}");
        run(jvm, "pm = $ctx getService ($ctx getServiceReference io.reclaim.api.ProcessManager)");
        run(jvm, "td = $ctx getService ($ctx getServiceReference io.reclaim.example.tempdir.TempDirManager)");
        run(jvm, "each ($pm list) { if { ($it name) equals holder } { $td create ($it pid) build } }");
        Optional<Path> made = directory(roots, "build");
        assertTrue("the deployed type created a directory for the pid", made.isPresent());
        String resources = run(jvm, "reclaim:resources 1");
        assertTrue(resources, resources.contains("tempdir"));

        Files.delete(deployed);
        awaitRankings(jvm, r -> !r.containsKey("tempdir"));
        long deadline = System.nanoTime() + RunningReclaim.WAIT.toNanos();
        while (Files.exists(made.get())) {
            assertTrue("the directory outlived its bundle: " + made.get(), System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        assertEquals(0, jvm.endInput());
    }

    private static Optional<Path> directory(Path roots, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(roots)) {
            return files.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
        }
    }

    @Test
    public void aRunInWhichACommandFailedExitsWithOneAndSaysHowMany() throws Exception {
        RunningReclaim jvm = start();
        String out = run(jvm, "reclaim:kill 99");
        assertTrue(out, out.contains("reclaim:kill: no process with pid 99"));
        assertFalse("no stack trace: " + out, out.contains("\tat "));
        run(jvm, "reclaim:ps");
        assertEquals(1, jvm.endInput());
        assertTrue(jvm.output(), jvm.output().contains("reclaim: 1 command(s) failed"));
    }

    @Test
    public void aScriptJoinsContinuedLinesAndAnInputEndingInsideACommandFailsWithOneLine() throws Exception {
        Path script = tmp.getRoot().toPath().resolve("script.gogo");
        Files.writeString(script, String.join("\n",
                "each [1 2] {",
                "  echo item-$it",
                "}",
                "reclaim:spawn -c \"'unbalanced\" quoted",
                "lb -s org.apache.felix.http.jetty",
                "echo \"done",
                ""));
        RunningReclaim jvm = RunningReclaim.script(home(), tmp.getRoot().toPath().resolve("script.log"), script);
        jvms.add(jvm);

        assertEquals(1, jvm.exitCode());
        List<String> out = jvm.output().lines().filter(line -> !line.matches("\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                .toList();
        assertTrue(out.toString(), out.containsAll(List.of("item-1", "item-2",
                "reclaim: line 4: the shell cannot expand an argument: unexpected EOT looking for matching quote: ' "
                        + "(escape a quote inside a quoted argument with a backslash)",
                "reclaim: line 6: the input ends inside a command (unclosed \"): echo \"done",
                "reclaim: 2 command(s) failed")));
        // every line was there at once, so the shell never waited: the web stack stayed down, the port closed
        assertTrue(out.toString(), out.stream().anyMatch(line -> line.matches(".*\\|(Installed|Resolved)\\s*\\|.*\\|org\\.apache\\.felix\\.http\\.jetty .*")));
        assertFalse("no stack trace: " + out, jvm.output().contains("\tat "));
    }

    @Test
    public void aScriptsOutputIsPlainTextAndLsLaysItsColumnsOut() throws Exception {
        Path script = tmp.getRoot().toPath().resolve("plain.gogo");
        Files.writeString(script, String.join("\n",
                "reclaim:handlers | grep files",
                "ls " + home(),
                ""));
        RunningReclaim jvm = RunningReclaim.script(home(), tmp.getRoot().toPath().resolve("plain.log"), script);
        jvms.add(jvm);

        assertEquals(jvm.output(), 0, jvm.exitCode());
        assertFalse("no escape sequence: " + jvm.output(), jvm.output().contains("\u001b"));
        assertTrue(jvm.output(), jvm.output().lines().anyMatch(line -> line.matches("\\d+\\s+files\\s+300\\s.*")));
        // ls failed on the terminal the session lacked; its columns hold the home's entries
        assertTrue(jvm.output(), jvm.output().lines().anyMatch(line -> line.matches(".*\\bdeploy\\b.*")));
        assertTrue(jvm.output(), jvm.output().lines().anyMatch(line -> line.matches(".*\\betc\\b.*")));
        assertFalse(jvm.output(), jvm.output().contains("Exception"));
    }

    @Test
    public void theStartupTraceSaysWhereAStartGoesPhaseByPhaseAndBundleByBundle() throws Exception {
        Path script = Files.writeString(tmp.getRoot().toPath().resolve("one.gogo"), "reclaim:handlers\n");
        RunningReclaim jvm = RunningReclaim.script(home(), tmp.getRoot().toPath().resolve("trace.log"), script,
                "-Dreclaim.startup.trace=true");
        jvms.add(jvm);

        assertEquals(0, jvm.exitCode());
        List<String> trace = jvm.output().lines().filter(line -> line.matches("reclaim: +\\d+ ms  .*")).toList();
        List<String> phases = List.of("framework initialised", "bundles installed", "Reclaim's services are up",
                "running line 1", "the input has ended", "the framework has stopped");
        List<String> seen = trace.stream().map(line -> line.replaceFirst("reclaim: +\\d+ ms  ", ""))
                .filter(phases::contains).toList();
        assertEquals(jvm.output(), phases, seen);
        assertTrue(jvm.output(), trace.stream().anyMatch(line -> line.matches(".* started io\\.reclaim\\.process \\(\\d+\\.\\d ms\\)")));
        assertTrue(jvm.output(), trace.stream().anyMatch(line -> line.contains(" stopped io.reclaim.process (")));
        assertTrue("the command ran as usual", jvm.output().contains("os-process"));
    }

    @Test
    public void everyBadValueForAComponentGetsOneLineAndNothingOfItsCommandIsApplied() throws Exception {
        RunningReclaim jvm = start();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("reclaim:config io.reclaim.orchestrator handler.timeout.ms=0",
                "reclaim:config: handler.timeout.ms is a whole number, at least 1, got '0'");
        cases.put("reclaim:config io.reclaim.orchestrator handler.timeout.ms=soon",
                "reclaim:config: handler.timeout.ms is a whole number, at least 1, got 'soon'");
        cases.put("reclaim:config io.reclaim.process history.size=10 containment=docker",
                "reclaim:config: containment is one of auto, cgroup, subreaper, none, got 'docker'");
        cases.put("reclaim:config io.reclaim.process history.size=99999999999",
                "reclaim:config: history.size is a whole number, from 1 to 2147483647, got '99999999999'");
        cases.put("reclaim:config io.reclaim.process history.size=10 use.setsid=maybe",
                "reclaim:config: use.setsid is true or false, got 'maybe'");
        cases.put("reclaim:config io.reclaim.process history.size=10 shutdown.grace.ms=-1",
                "reclaim:config: shutdown.grace.ms is a whole number, at least 0, got '-1'");
        cases.put("reclaim:config io.reclaim.memory default.quota.bytes=1MB",
                "reclaim:config: default.quota.bytes is a whole number, at least 0, got '1MB'");
        cases.put("reclaim:config io.reclaim.process history.size=10 colour=blue",
                "reclaim:config: io.reclaim.process has no setting 'colour'; its settings: cgroup.parent, containment, "
                        + "history.size, journal.directory, kill.timeout.ms, orphan.grace.ms, os.process.ranking, "
                        + "shutdown.grace.ms, use.setsid");
        cases.put("reclaim:config io.reclaim.process history.size",
                "reclaim:config: a setting is KEY=VALUE, got 'history.size'");
        cases.put("reclaim:config io.reclaim.nothing a=1",
                "reclaim:config: no Reclaim component has the pid 'io.reclaim.nothing'; reclaim:config lists them");
        cases.put("reclaim:rank files high",
                "reclaim:rank: a ranking is a whole number from -2147483648 to 2147483647, got 'high'");
        cases.put("reclaim:rank files 3000000000",
                "reclaim:rank: a ranking is a whole number from -2147483648 to 2147483647, got '3000000000'");
        cases.put("reclaim:rank nothing 5", "reclaim:rank: no handler of the resource type 'nothing'; types: ");
        cases.put("reclaim:rank files", "reclaim:rank: a ranking is required (reclaim:rank TYPE RANKING, e.g. reclaim:rank files 350)");
        cases.put("reclaim:rank files 1 2", "reclaim:rank: wrong arguments: 'files' '1' '2' (usage: reclaim:rank TYPE RANKING)");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            String out = run(jvm, bad.getKey());
            assertTrue(bad.getKey() + " answered:\n" + out, out.strip().startsWith(bad.getValue()));
            assertEquals(bad.getKey() + " answered more than one line:\n" + out, 1, out.strip().lines().count());
        }
        String process = run(jvm, "reclaim:config io.reclaim.process");
        assertTrue("history.size=10 of a refused command was applied:\n" + process,
                process.lines().anyMatch(line -> line.matches("history\\.size\\s+-\\s+256\\s+.*")));
        String orchestrator = run(jvm, "reclaim:config io.reclaim.orchestrator");
        assertTrue(orchestrator, orchestrator.lines().anyMatch(line -> line.matches("handler\\.timeout\\.ms\\s+-\\s+5000\\s+.*")));
        assertEquals(Integer.valueOf(300), rankings(jvm).get("files"));

        String set = run(jvm, "reclaim:config io.reclaim.process history.size=10 shutdown.grace.ms=500");
        assertEquals("io.reclaim.process: history.size = 10\nio.reclaim.process: shutdown.grace.ms = 500", set.strip());
        assertTrue(run(jvm, "reclaim:config io.reclaim.process").lines()
                .anyMatch(line -> line.matches("history\\.size\\s+10\\s+256\\s+.*")));
        assertEquals(1, jvm.endInput());
        assertTrue(jvm.output(), jvm.output().contains("reclaim: " + cases.size() + " command(s) failed"));
    }

    @Test
    public void theHomeHoldsEtcDeployAndDataAndTheDeployWatcherIsWrittenOnce() throws Exception {
        RunningReclaim jvm = start();
        run(jvm, "reclaim:ps");
        assertEquals(0, jvm.endInput());
        for (String folder : List.of("etc", "deploy", "data", "journal")) {
            assertTrue(folder, Files.isDirectory(home().resolve(folder)));
        }
        Path watcher = home().resolve("etc").resolve(HomeWatchers.DEPLOY_WATCHER);
        String written = Files.readString(watcher, StandardCharsets.UTF_8);
        assertTrue(written, written.contains("felix.fileinstall.dir = ${reclaim.home}/deploy"));
        Files.writeString(watcher, written.replace("felix.fileinstall.poll = 1000", "felix.fileinstall.poll = 1500"));
        RunningReclaim again = start();
        run(again, "reclaim:ps");
        assertEquals(0, again.endInput());
        assertTrue("an operator's change is kept", Files.readString(watcher).contains("felix.fileinstall.poll = 1500"));
    }
}
