package io.reclaim.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ledger.Lease;
import io.reclaim.files.FileManager;

/**
 * Installs Reclaim into Apache Karaf the way the README tells a user to, and drives it from
 * Karaf's shell: the handlers in their documented order, and a spawned OS process whose file is
 * closed and whose OS child is gone after {@code reclaim:kill}.
 *
 * <p>Reclaim types appear only inside method bodies, never in a signature, a field or a value a
 * lambda captures (which becomes a parameter of a synthetic method): JUnit reads this class's
 * methods before any test has installed the feature, when no io.reclaim package can be loaded yet.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReclaimFeaturesIT extends ReclaimKarafTestSupport {

    private static final Pattern SPAWNED = Pattern.compile("pid (\\d+) \\(demo\\) spawned, os pid (\\d+)");

    /** The cleanup order DESIGN documents, type and ranking, first to run first: the same on every OS. */
    private static final List<String> DOCUMENTED_ORDER = List.of("os-process 1000", "scheduler 900", "timers 850", "tasks 800",
            "signals 700", "ipc 600", "sockets 500", "iouring 450", "zerocopy 400", "files 300", "mmap 200",
            "memory 100");

    @Test
    public void reclaimInstallsFromItsFeaturesRepositoryWithTheShellCommands() throws Exception {
        installReclaim();

        String installed = execute("feature:list -i --no-format").output();
        assertTrue(installed, Pattern.compile("(?m)^reclaim\\s").matcher(installed).find());
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("io.reclaim.")) {
                assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            }
        }
        // the shell conditional of the reclaim feature brought the commands along
        assertEquals(Bundle.ACTIVE, bundle("io.reclaim.shell").getState());
        // io_uring takes part everywhere; JNA, which would refresh Karaf's shell, waits for reclaim-iouring
        assertEquals(Bundle.ACTIVE, bundle("io.reclaim.resource-iouring").getState());
        assertFalse("reclaim installed JNA", isInstalled("com.sun.jna"));

        execute("feature:install reclaim-shell");
        String withShell = execute("feature:list -i --no-format").output();
        assertTrue(withShell, Pattern.compile("(?m)^reclaim-shell\\s").matcher(withShell).find());
        String help = execute("help").output();
        for (String command : List.of("reclaim:spawn", "reclaim:ps", "reclaim:kill", "reclaim:resources",
                "reclaim:handlers")) {
            assertTrue(command + " is missing from help:\n" + help, help.contains(command));
        }
    }

    @Test
    public void handlersAreListedInTheDocumentedOrder() throws Exception {
        installReclaim();
        List<String> expected = DOCUMENTED_ORDER;

        await("all " + expected.size() + " handlers are registered", () -> handlers().size() == expected.size(),
                () -> execute("reclaim:handlers").output() + execute("scr:list").output());

        assertEquals(expected, handlers());
        String table = execute("reclaim:handlers").output();
        assertTrue(table, table.startsWith(" #  TYPE"));
    }

    @Test
    public void killReleasesWhatTheSpawnedProcessAcquired() throws Exception {
        installReclaim();
        ProcessManager processes = service(ProcessManager.class);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        FileManager files = service(FileManager.class);

        KarafShell.Result spawned = execute("pid = reclaim:spawn -c \"sleep 600\" demo");
        Matcher line = SPAWNED.matcher(spawned.output());
        assertTrue(spawned.output(), line.find());
        Pid pid = Pid.parse(line.group(1));
        long osPid = Long.parseLong(line.group(2));
        assertEquals(pid.value(), ((Number) spawned.value()).longValue());
        assertEquals(osPid, processes.info(pid).map(ProcessInfo::osPid).orElseThrow().longValue());
        assertTrue("the OS child runs", isAlive(osPid));

        long heldAtStart = psRow(pid.toString()).resources();

        Path file = Files.createTempFile("reclaim-karaf-", ".dat");
        Lease<FileChannel> lease = files.open(pid, file);
        FileChannel channel = lease.resource(pid);
        assertEquals(1, descriptorsOf(file));

        PsRow row = psRow(pid.toString());
        assertEquals(new PsRow("demo", "RUNNING", osPid, heldAtStart + 1), row);
        String resources = execute("reclaim:resources --plain $pid").output();
        assertTrue(resources, Pattern.compile("(?m)^files\t1\t").matcher(resources).find());

        String killed = execute("reclaim:kill $pid").output();
        assertTrue(killed, killed.startsWith("pid " + pid + " (demo) "));
        assertTrue(killed, Pattern.compile("(?m)^\\s*\\d+\\s+files\\s+300\\s+1\\s").matcher(killed).find());

        assertEquals(ProcessState.TERMINATED, processes.info(pid).orElseThrow().state());
        assertTrue("still tracked: " + orchestrator.usage(pid), orchestrator.usage(pid).isEmpty());
        assertFalse(lease.isHeld());
        assertFalse(channel.isOpen());
        assertEquals(0, descriptorsOf(file));
        await("OS process " + osPid + " is gone", () -> !isAlive(osPid));
        String listed = pid.toString();
        assertFalse("pid " + pid + " is still listed by reclaim:ps",
                plainRows("reclaim:ps --plain").stream().anyMatch(cells -> cells[0].equals(listed)));
        Files.delete(file);
    }

    /** The columns of a {@code reclaim:ps} row after the pid, less the age. */
    private record PsRow(String name, String state, long osPid, long resources) {
    }

    private PsRow psRow(String pid) {
        for (String[] cells : plainRows("reclaim:ps --plain")) {
            if (cells[0].equals(pid)) {
                return new PsRow(cells[1], cells[2], Long.parseLong(cells[3]), Long.parseLong(cells[4]));
            }
        }
        throw new AssertionError("pid " + pid + " is not listed by reclaim:ps:\n" + execute("reclaim:ps").output());
    }

    /** Adds the repository and installs the feature, as the README shows; a second call changes nothing. */
    private void installReclaim() {
        shell.execute("feature:repo-add " + featuresRepository(), INSTALL_SECONDS);
        shell.execute("feature:install reclaim", INSTALL_SECONDS);
    }

    /** The TYPE and RANKING columns of {@code reclaim:handlers}, one "type ranking" per row. */
    private List<String> handlers() {
        List<String> rows = new ArrayList<>();
        for (String[] cells : plainRows("reclaim:handlers --plain")) {
            rows.add(cells[1] + " " + cells[2]);
        }
        return rows;
    }

    /** The rows a listing prints with {@code --plain}: no header, cells separated by tabs. */
    private List<String[]> plainRows(String command) {
        List<String[]> rows = new ArrayList<>();
        for (String row : execute(command).output().split("\\R")) {
            if (!row.isEmpty()) {
                rows.add(row.split("\t"));
            }
        }
        return rows;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private boolean isInstalled(String symbolicName) {
        return Stream.of(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
    }

    private static boolean isAlive(long osPid) {
        return ProcessHandle.of(osPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Descriptors of this JVM open on {@code file}. */
    private static long descriptorsOf(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException gone) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
