package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
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

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.CleanupRegistration;
import io.reclaim.api.ledger.LedgerSettings;
import io.reclaim.files.FileManager;
import io.reclaim.itests.leaky.LeakyChannels;

/**
 * Where a resource was acquired, shown by the shell: set per type through Configuration Admin as
 * an operator would, for a built-in type and for a third-party one, on real files.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AcquisitionSitesIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return options(mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject(),
                reclaimBundle("reclaim-shell"), composite(everything()));
    }

    @Test
    public void aLeakedFilesAcquisitionSiteShownByLeaksVerbosePointsAtTheLineThatOpenedIt() throws Exception {
        LeakyChannels leaky = new LeakyChannels(service(ProcessGate.class));
        CleanupRegistration registration = CleanupRegistration.register(context, leaky.handler(), Map.of(
                ResourceCleanup.RESOURCE_TYPE, LeakyChannels.TYPE, Constants.SERVICE_RANKING, 10,
                LedgerSettings.TRACKING, "all"));
        Path file = Files.createTempFile("leak-site", ".bin");
        long fdsBefore = openFds();
        try {
            Pid pid = spawn("leaker");
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            leaky.open(pid, file);
            service(ProcessManager.class).terminate(pid, Duration.ZERO);
            assertEquals("the channel leaked", fdsBefore + 1, openFds());

            String out = run("reclaim:leaks -v");

            assertTrue(out, out.contains(LeakyChannels.TYPE));
            assertTrue(out, out.contains("(AcquisitionSitesIT.java:" + line + ")"));
        } finally {
            registration.unregister();
            leaky.closeAll();
            Files.delete(file);
        }
        assertEquals(fdsBefore, openFds());
    }

    @Test
    public void trackingSetForFilesThroughConfigurationAdminAsTextShowsEachFilesSiteInResourcesVerbose() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration("io.reclaim.files", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(LedgerSettings.TRACKING, "all");
        properties.put(LedgerSettings.HELD_TOO_LONG, "1"); // text, as Karaf's etc/*.cfg stores it
        config.update(properties);
        Path file = Files.createTempFile("site", ".bin");
        try {
            await("the files handler carries the setting", () -> "all".equals(filesHandler().getProperty(LedgerSettings.TRACKING)));
            FileManager files = service(FileManager.class);
            Pid pid = spawn("tracked");
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            files.open(pid, file, StandardOpenOption.READ);

            String resources = run("reclaim:resources -v " + pid);
            assertTrue(resources, resources.contains("(AcquisitionSitesIT.java:" + line + ")"));

            Thread.sleep(1_200);
            String suspects = run("reclaim:leaks --suspects");
            assertTrue(suspects, suspects.contains("files") && suspects.contains("(AcquisitionSitesIT.java:" + line + ")"));
            service(ProcessManager.class).terminate(pid, Duration.ZERO);
            assertTrue(run("reclaim:leaks --suspects").contains("no resources held too long"));
        } finally {
            config.delete();
            Files.delete(file);
        }
    }

    private ServiceReference<?> filesHandler() {
        try {
            ServiceReference<?>[] handlers = context.getServiceReferences(ResourceCleanup.class.getName(),
                    "(" + ResourceCleanup.RESOURCE_TYPE + "=files)");
            return handlers[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one command line in a session of its own, as an operator would type it; returns what it printed. */
    private String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = service(CommandProcessor.class)
                .createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            session.execute(line);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
