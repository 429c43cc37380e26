package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.files.FileManager;

/**
 * A ranking changed through Configuration Admin the way Karaf ({@code config:property-set},
 * {@code etc/*.cfg}: text) and Felix Gogo (a Long) store it is used as that number; anything else
 * is refused and the handler keeps its rank, at bind as at update: it never leaves the cleanup.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RankingFromConfigurationIT extends FaultSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void aFilesRankingGivenAsTextOrLongIsUsedAndABadOneKeepsTheRank() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.files", "?");
        try {
            setRanking(config, "650");
            await("files ranks 650 from text", () -> rankOf("files") == 650);
            assertEquals(List.of("os-process", "files", "sockets"), types());
            assertFilesAreReleased();

            setRanking(config, 450L);
            await("files ranks 450 from a Long", () -> rankOf("files") == 450);
            assertEquals(List.of("os-process", "sockets", "files"), types());

            setRanking(config, "very high");
            await("the files service carries the bad value", () -> "very high".equals(filesRanking()));
            assertEquals("a bad value keeps the rank", 450, rankOf("files"));
            assertFilesAreReleased();

            // at bind: the component starts with a bad ranking and joins at its type's default
            bundle("io.reclaim.resource-files").stop();
            setRanking(config, "abc");
            bundle("io.reclaim.resource-files").start();
            await("files is back", () -> rankOf("files") != Integer.MIN_VALUE);
            assertEquals("the default rank of files", ResourceCleanup.RANKING_FILES, rankOf("files"));
            assertFilesAreReleased();
        } finally {
            config.delete();
        }
    }

    @Test
    public void theOsProcessRankingGivenAsTextOrLongIsUsedAndABadOneKeepsTheRankAndTheProcesses() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.process", "?");
        try {
            Pid live = spawn("outlives the reconfiguration");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("os.process.ranking", "1200");
            config.update(properties);
            await("os-process ranks 1200 from text", () -> rankOf("os-process") == 1200);

            properties.put("os.process.ranking", "top");
            config.update(properties);
            properties.put("os.process.ranking", 1100L);
            config.update(properties);
            await("os-process ranks 1100 from a Long", () -> rankOf("os-process") == 1100);

            assertEquals("no reconfiguration restarted the process manager", ProcessState.RUNNING,
                    service(ProcessManager.class).state(live));
            service(ProcessManager.class).terminate(live, Duration.ZERO);

            // at activation, as from an etc/io.reclaim.process.cfg with a typo: the process
            // manager starts, and its handler runs at the default rank
            bundle("io.reclaim.process").stop();
            properties.put("os.process.ranking", "top");
            config.update(properties);
            bundle("io.reclaim.process").start();
            await("os-process is back at its default rank",
                    () -> rankOf("os-process") == ResourceCleanup.RANKING_OS_PROCESS);
            assertFilesAreReleased();
        } finally {
            config.delete();
        }
    }

    private static void setRanking(org.osgi.service.cm.Configuration config, Object ranking) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        config.update(properties);
    }

    /** The files handler still runs: a pid's open file is closed by its cleanup. */
    private void assertFilesAreReleased() throws Exception {
        long fds = openFds();
        Pid pid = spawn("holder");
        Path file = Files.createTempFile("ranked", ".bin");
        try {
            service(FileManager.class).open(pid, file, StandardOpenOption.WRITE);
            CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);
            assertNull(result.outcome("files").error());
            assertEquals(1, result.outcome("files").stats().resourcesFreed());
            assertEquals(openFdTargets().toString(), fds, openFds());
            assertNothingHeldBy(pid);
        } finally {
            Files.delete(file);
        }
    }

    private Object filesRanking() {
        for (ServiceReference<ResourceCleanup> reference : references()) {
            if ("files".equals(reference.getProperty(ResourceCleanup.RESOURCE_TYPE))) {
                return reference.getProperty(Constants.SERVICE_RANKING);
            }
        }
        return null;
    }

    private java.util.Collection<ServiceReference<ResourceCleanup>> references() {
        try {
            return context.getServiceReferences(ResourceCleanup.class, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
