package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;
import io.reclaim.testing.junit.ReclaimLeakRule;
import io.reclaim.testing.paxexam.ReclaimOptions;

/**
 * The testing kit as a user's integration test meets it: the platform provisioned by
 * {@link ReclaimOptions} from Maven coordinates alone, a configuration set before the components
 * start, and the leak rule watching from inside the container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReclaimOptionsIT extends ReclaimTestSupport {

    @Rule
    public final ReclaimLeakRule leaks = ReclaimLeakRule.watching(() -> service(ProcessManager.class),
            () -> service(ResourceOrchestrator.class));

    @Configuration
    public Option[] configuration() {
        return options(cleanCaches(), systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                junitBundles(), ReclaimOptions.reclaim(), ReclaimOptions.shell(),
                ReclaimOptions.configure("io.reclaim.files", "service.ranking", 1234),
                ReclaimOptions.configure("io.reclaim.files", "comment", "set by ReclaimOptionsIT"));
    }

    @Test
    public void everyResourceTypeOfThePlatformIsProvisionedInTheVersionOfThisRelease() throws Exception {
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("every type's handler is bound", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size());

        Set<String> types = new HashSet<>();
        orchestrator.handlers().forEach(handler -> types.add(handler.resourceType()));
        assertEquals(new HashSet<>(DOCUMENTED_ORDER), types);
        Version release = Version.parseVersion(ReclaimOptions.version().replace("-SNAPSHOT", ".SNAPSHOT"));
        for (String name : List.of("io.reclaim.api", "io.reclaim.orchestrator", "io.reclaim.process",
                "io.reclaim.resource-files", "io.reclaim.resource-iouring", "io.reclaim.testing", "io.reclaim.shell")) {
            Bundle bundle = bundle(name);
            assertEquals(name, release, bundle.getVersion());
            assertEquals(name + " is active", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void aConfigurationGivenToTheOptionsReachesItsComponentBeforeItRanks() throws Exception {
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("every type's handler is bound", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size());

        HandlerInfo first = orchestrator.handlers().get(0);
        assertEquals("files", first.resourceType());
        assertEquals(1234, first.ranking());
    }

    @Test
    public void theShellCommandsAreRegistered() throws Exception {
        await("reclaim:ps is registered", () -> {
            try {
                return context.getServiceReferences((String) null,
                        "(&(osgi.command.scope=reclaim)(osgi.command.function=ps))") != null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    public void theLeakRuleWatchesATestThatReleasesEverythingFromInsideTheContainer() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Path file = Files.createTempFile("options-it", ".bin");
        try {
            Pid pid = spawn("options-it");
            files.open(pid, file, StandardOpenOption.READ);
            files.open(pid, file, StandardOpenOption.READ);
            assertTrue(handler(FileManager.TYPE).hasResources(pid));

            processes.terminate(pid, Duration.ZERO);

            assertFalse(handler(FileManager.TYPE).hasResources(pid));
        } finally {
            Files.delete(file);
        }
    }
}
