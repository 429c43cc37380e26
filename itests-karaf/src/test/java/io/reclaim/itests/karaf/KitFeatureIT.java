package io.reclaim.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;
import io.reclaim.testing.junit.ReclaimLeakRule;
import io.reclaim.testing.paxexam.ReclaimOptions;

/**
 * The testing kit in Karaf: {@link ReclaimOptions#karafFeatures()} installs Reclaim with its
 * test feature at boot, a configuration given with {@link ReclaimOptions#configure} reaches its
 * component, and the leak rule watches a test from inside the container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KitFeatureIT extends ReclaimKarafTestSupport {

    private ProcessManager processes;
    private ResourceOrchestrator orchestrator;

    // OS readings are left out: Karaf's own threads (console, logging, feature service) come and go
    @Rule
    public final ReclaimLeakRule leaks = ReclaimLeakRule.watching(() -> processes, () -> orchestrator)
            .withoutOsReadings();

    @Override
    @Configuration
    public Option[] configuration() {
        return OptionUtils.combine(super.configuration(), ReclaimOptions.karafFeatures(),
                ReclaimOptions.configure("io.reclaim.files", "service.ranking", 1234));
    }

    @Test
    public void theFeaturesOfTheOptionsInstallReclaimAndItsConfigurationReachesTheComponent() throws Exception {
        orchestrator = service(ResourceOrchestrator.class);
        await("the files handler runs at the configured ranking", () -> orchestrator.handlers().stream()
                .anyMatch(handler -> handler.resourceType().equals("files") && handler.ranking() == 1234),
                orchestrator::handlers);

        HandlerInfo first = orchestrator.handlers().get(0);
        assertEquals("files", first.resourceType());
    }

    @Test
    public void theLeakRuleWatchesATestInsideKaraf() throws Exception {
        processes = service(ProcessManager.class);
        orchestrator = service(ResourceOrchestrator.class);
        FileManager files = service(FileManager.class);
        Path file = Files.createTempFile("karaf-kit", ".bin");
        try {
            Pid pid = processes.spawn(ProcessSpec.named("karaf-kit")).pid();
            files.open(pid, file, StandardOpenOption.READ);

            processes.terminate(pid, Duration.ZERO);

            assertTrue(orchestrator.usage(pid).isEmpty());
        } finally {
            Files.delete(file);
        }
    }
}
