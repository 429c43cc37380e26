package io.reclaim.testing.junit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** The rule run around tests that leak on purpose, and around one that does not. */
public class ReclaimLeakRuleTest {

    private static final Description TEST = Description.createTestDescription("com.example.WorkerTest", "doesWork");

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
            .build();
    private Path file;
    private LeakyFiles files;

    @Before
    public void createFile() throws Exception {
        file = Files.createTempFile("leak-rule", ".bin");
    }

    @After
    public void closeEverything() throws Exception {
        processes.close();
        if (files != null) {
            files.closeAll();
        }
        orchestrator.close();
        Files.delete(file);
    }

    @Test
    public void aTypeThatForgetsWhatItsPidHeldFailsTheTestNamingTypePidAndCount() throws Exception {
        install(true);
        Pid[] pid = new Pid[1];

        AssertionError failure = assertThrows(AssertionError.class, () -> run(rule(), () -> {
            pid[0] = spawn("worker");
            files.open(pid[0]);
            files.open(pid[0]);
            processes.terminate(pid[0], Duration.ZERO);
        }));

        String report = failure.getMessage();
        assertTrue(report, report.startsWith("leaks after doesWork(com.example.WorkerTest):"));
        assertTrue(report, report.matches("(?s).*\\n    leaky-files +" + pid[0].value() + " +2 +0  \\(site tracking is off\\).*"));
        // the channels are still open: the JVM holds their descriptors too
        assertTrue(report, report.contains("fds: 2 more than before the test"));
    }

    @Test
    public void aTypeThatReleasesEverythingPasses() throws Throwable {
        install(false);

        run(rule(), () -> {
            Pid pid = spawn("worker");
            files.open(pid);
            files.open(pid);
            processes.terminate(pid, Duration.ZERO);
        });
    }

    @Test
    public void aProcessTheTestLeftRunningIsEndedAndReported() throws Exception {
        install(false);
        Pid before = spawn("from-before-the-test");
        Pid[] pid = new Pid[1];

        AssertionError failure = assertThrows(AssertionError.class, () -> run(rule().withoutOsReadings(), () -> {
            pid[0] = spawn("forgotten");
            files.open(pid[0]);
        }));

        assertEquals("leaks after doesWork(com.example.WorkerTest):\n"
                + "  still running when the test ended (terminated by the rule): pid " + pid[0] + " (forgotten)",
                failure.getMessage());
        assertEquals(ProcessState.TERMINATED, processes.state(pid[0]));
        assertFalse("its cleanup ran", files.handler().hasResources(pid[0]));
        assertEquals("a pid from before the test is not the test's", ProcessState.RUNNING, processes.state(before));
    }

    @Test
    public void theSitesOfALeakAreListedWhereTrackingIsOn() throws Exception {
        install(true);
        AcquisitionSites sites = (type, pid) -> List.of("com.example.Worker.open(Worker.java:42)",
                "com.example.Worker.run(Worker.java:17)");

        AssertionError failure = assertThrows(AssertionError.class,
                () -> run(rule().withoutOsReadings().withAcquisitionSites(sites), () -> {
                    Pid pid = spawn("worker");
                    files.open(pid);
                    processes.terminate(pid, Duration.ZERO);
                }));

        assertTrue(failure.getMessage(), failure.getMessage().contains("  com.example.Worker.open(Worker.java:42)\n"));
        assertTrue(failure.getMessage(), failure.getMessage().endsWith("  com.example.Worker.run(Worker.java:17)"));
    }

    @Test
    public void directMemoryTheTestKeptFailsTheOsReadings() throws Exception {
        ByteBuffer[] kept = new ByteBuffer[1];
        try {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> run(ReclaimLeakRule.osOnly().settling(2, Duration.ofMillis(10)),
                            () -> kept[0] = ByteBuffer.allocateDirect(64 * 1024)));

            assertTrue(failure.getMessage(), failure.getMessage().contains("direct buffers: 1 more than before the test"));
        } finally {
            DirectBuffers.free(kept[0]);
        }
    }

    private ReclaimLeakRule rule() {
        return ReclaimLeakRule.watching(processes, orchestrator);
    }

    private void install(boolean leaking) {
        files = new LeakyFiles(processes, file, leaking);
        orchestrator.register(files.handler(), 300);
    }

    private Pid spawn(String name) throws Exception {
        return processes.spawn(ProcessSpec.named(name)).pid();
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void run(ReclaimLeakRule rule, Body body) throws Throwable {
        rule.apply(new Statement() {
            @Override
            public void evaluate() throws Throwable {
                body.run();
            }
        }, TEST).evaluate();
    }
}
