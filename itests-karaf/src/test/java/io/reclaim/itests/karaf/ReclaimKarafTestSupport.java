package io.reclaim.itests.karaf;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What a Karaf integration test needs: a Karaf 4.4 that finds every artifact in the build's local
 * repository and in a repository-layout copy of this reactor's artifacts (so nothing is
 * downloaded), a shell session, and service lookups with a bounded wait.
 */
public abstract class ReclaimKarafTestSupport {

    static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    static final long WAIT_MS = 20_000;
    static final long COMMAND_SECONDS = 30;
    static final long INSTALL_SECONDS = 60;

    @Inject
    protected BundleContext context;

    @Inject
    protected SessionFactory sessions;

    protected KarafShell shell;

    @Configuration
    public Option[] configuration() {
        String version = required("reclaim.version");
        String localRepository = required("reclaim.local.repository");
        String featuresRepository = new File(required("reclaim.features.repository")).toURI().toString();
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject())
                        .unpackDirectory(new File(System.getProperty("reclaim.karaf.unpack", "target/karaf")))
                        .useDeployFolder(false),
                when(Boolean.getBoolean("reclaim.karaf.keep")).useOptions(keepRuntimeFolder()),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                // a smaller boot than the distribution's: no ssh, management, deployers or kar
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot",
                        "instance,package,log,framework,system,feature,shell,service,jaas,bundle,config"),
                editConfigurationFilePut("etc/system.properties", "org.ops4j.pax.logging.DefaultServiceLog.level", "WARN"),
                // only local repositories: the bundles of the features under test (this reactor's
                // among them), Karaf's own system folder, and the local repository Maven resolved
                // pax-exam's own bundles into
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                        featuresRepository + "@id=reclaim.features@snapshots,"
                                + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots"),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.offline", "true"),
                systemProperty("reclaim.version").value(version));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the test through Maven");
        }
        return value;
    }

    /** The features repository this build made, as a user names it. */
    protected static String featuresRepository() {
        return "mvn:io.reclaim/reclaim-features/" + System.getProperty("reclaim.version") + "/xml/features";
    }

    @Before
    public void openShell() {
        shell = new KarafShell(sessions);
    }

    @After
    public void closeShell() {
        shell.close();
    }

    protected KarafShell.Result execute(String command) {
        return shell.execute(command, COMMAND_SECONDS);
    }

    /** Waits up to {@link #WAIT_MS} for a service of {@code type}. */
    protected <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(WAIT_MS);
        // left open on purpose: the test holds the service until the container stops
        if (service == null) {
            throw new AssertionError("no " + type.getName() + " service within " + WAIT_MS + " ms");
        }
        return service;
    }

    /** Polls {@code condition} until it holds, at most {@link #WAIT_MS}. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** As {@link #await(String, BooleanSupplier)}; a timeout also tells what {@code state} says then. */
    protected static void await(String what, BooleanSupplier condition, Supplier<?> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "\n" + state.get());
            }
            Thread.sleep(50);
        }
    }
}
