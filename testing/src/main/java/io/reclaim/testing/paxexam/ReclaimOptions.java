package io.reclaim.testing.paxexam;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

import io.reclaim.testing.internal.ConfigurationSeeder;

/**
 * pax-exam options for a test of Reclaim or of code that uses it. Every bundle is named by its
 * Maven coordinates in the version this release was built with, so pax-url finds it in the local
 * repository (or wherever {@code org.ops4j.pax.url.mvn.*} points) and nothing depends on paths:
 *
 * <pre>{@code
 * @Configuration
 * public Option[] config() {
 *     return options(junitBundles(), ReclaimOptions.reclaim(), ReclaimOptions.shell(),
 *             ReclaimOptions.configure("io.reclaim.orchestrator", "handler_timeout_ms", "2000"),
 *             mavenBundle("com.example", "my-resource-type").versionAsInProject());
 * }
 * }</pre>
 *
 * <p>In Karaf, install {@link #karafFeatures()} instead of {@link #reclaim()}; {@link #configure}
 * works in both.
 */
public final class ReclaimOptions {

    private static final Properties VERSIONS = versions();
    private static final AtomicInteger CONFIGURATIONS = new AtomicInteger();

    /** The api, orchestrator and process bundles, at start level {@value}. */
    private static final int START_LEVEL = 5;

    /** Every resource bundle of the platform, in start order. */
    private static final List<String> RESOURCE_BUNDLES = List.of("reclaim-resource-files", "reclaim-resource-sockets",
            "reclaim-resource-mmap", "reclaim-resource-memory", "reclaim-resource-scheduler", "reclaim-resource-tasks",
            "reclaim-resource-timers", "reclaim-resource-signals", "reclaim-resource-ipc", "reclaim-resource-zerocopy",
            "reclaim-resource-iouring");

    private ReclaimOptions() {
    }

    /** @return the artifact ids of every resource bundle of the platform, in start order */
    public static List<String> resourceBundles() {
        return RESOURCE_BUNDLES;
    }

    /** @return the version of Reclaim these options provision */
    public static String version() {
        return VERSIONS.getProperty("reclaim");
    }

    /**
     * The platform in a native container: SCR with what it needs, Configuration Admin, Metatype,
     * SLF4J, JNA (io_uring reaches the kernel through it), the api, orchestrator and process
     * bundles, every resource bundle, and this kit. Configuration Admin and the kit start first,
     * so {@link #configure} is applied before any Reclaim component starts.
     */
    public static Option reclaim() {
        // io_uring reaches the kernel through JNA; the process manager uses it too where it is there
        List<Option> options = new ArrayList<>(List.of(runtime(),
                mavenBundle("net.java.dev.jna", "jna", v("jna")).startLevel(2), bundle("reclaim-api"),
                bundle("reclaim-orchestrator"), bundle("reclaim-process")));
        for (String bundle : RESOURCE_BUNDLES) {
            options.add(bundle(bundle));
        }
        return composite(options.toArray(Option[]::new));
    }

    /**
     * What Reclaim's bundles run on, without them: SCR with what it needs, Configuration Admin,
     * Metatype, SLF4J and this kit (not JNA, which changes how the process manager watches OS
     * children), each started before any Reclaim bundle. For a test that
     * installs only some of Reclaim's bundles, with {@link #bundle(String)}.
     */
    public static Option runtime() {
        return composite(
                mavenBundle("org.slf4j", "slf4j-api", v("slf4j")).startLevel(1),
                mavenBundle("org.slf4j", "slf4j-simple", v("slf4j")).noStart(),
                mavenBundle("org.osgi", "org.osgi.util.function", v("osgi.util.function")).startLevel(1),
                mavenBundle("org.osgi", "org.osgi.util.promise", v("osgi.util.promise")).startLevel(1),
                mavenBundle("org.osgi", "org.osgi.service.component", v("osgi.service.component")).startLevel(1),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin", v("felix.configadmin")).startLevel(2),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype", v("felix.metatype")).startLevel(2),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", v("felix.scr")).startLevel(2),
                mavenBundle("io.reclaim", "reclaim-testing", version()).startLevel(3));
    }

    /**
     * One of Reclaim's bundles by artifact id, e.g. {@code bundle("reclaim-resource-files")}, in
     * this release's version, started after {@link #runtime()}.
     */
    public static MavenArtifactProvisionOption bundle(String artifactId) {
        return mavenBundle("io.reclaim", artifactId, version()).startLevel(START_LEVEL);
    }

    /** The Gogo runtime and Reclaim's {@code reclaim:*} commands, on top of {@link #reclaim()}. */
    public static Option shell() {
        return composite(
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime", v("gogo.runtime")).startLevel(2),
                bundle("reclaim-shell"));
    }

    /**
     * Sets one property of a component's configuration before the component starts, e.g.
     * {@code configure("io.reclaim.orchestrator", "handler_timeout_ms", "2000")}. Several calls for
     * one pid add to the same configuration. The kit's bundle applies it through Configuration
     * Admin as it starts: in a native container with {@link #reclaim()}, in Karaf with
     * {@link #karafFeatures()}. In Karaf the value is also written to {@code etc/<pid>.cfg}
     * before Karaf starts, so that a feature's default for the pid does not replace it.
     *
     * @param pid the configuration pid, usually the component's name
     * @param key the property name as Configuration Admin holds it (dots, not underscores)
     * @param value the value: a {@link String}, {@link Integer}, {@link Long}, {@link Double} or
     *     {@link Boolean}, handed to the component with its type ({@code service.ranking} must be an
     *     {@code Integer} to count)
     * @throws IllegalArgumentException if the pid or the key is empty, or the value of another type
     */
    public static Option configure(String pid, String key, Object value) {
        Objects.requireNonNull(value, "value");
        if (pid == null || pid.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("a configuration needs a pid and a key, got pid '" + pid
                    + "' and key '" + key + "'");
        }
        Option seeded = systemProperty(ConfigurationSeeder.PREFIX + CONFIGURATIONS.incrementAndGet())
                .value(ConfigurationSeeder.encode(pid, key, value));
        return KarafEtc.AVAILABLE ? composite(seeded, KarafEtc.put(pid, key, value)) : seeded;
    }

    /**
     * Karaf's part of {@link #configure}, where pax-exam's Karaf container is on the class path
     * (a native container's test has none, and ignores the option).
     */
    private static final class KarafEtc {
        static final boolean AVAILABLE = available();

        private static boolean available() {
            try {
                Class.forName("org.ops4j.pax.exam.karaf.options.KarafDistributionOption", false,
                        ReclaimOptions.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        /**
         * The value in {@code etc/<pid>.cfg} before Karaf starts, so the configuration exists when
         * a feature's {@code <config>} would create it. Otherwise the feature could create it with
         * its own default after the kit set the value, and FileInstall's first reading of the
         * feature's file in {@code etc/} would put that default back.
         */
        static Option put(String pid, String key, Object value) {
            return KarafDistributionOption.editConfigurationFilePut("etc/" + pid + ".cfg", key, value.toString());
        }
    }

    /**
     * Karaf: the Reclaim features repository of this release, with the {@code reclaim} feature and
     * the {@code reclaim-testing} test feature (this kit).
     */
    public static Option karafFeatures() {
        return karafFeatures("reclaim", "reclaim-testing");
    }

    /** Karaf: the Reclaim features repository of this release, with the given features of it. */
    public static Option karafFeatures(String... features) {
        return KarafDistributionOption.features(featuresRepository(), features);
    }

    /** @return the Reclaim features repository of this release */
    public static MavenArtifactUrlReference featuresRepository() {
        return org.ops4j.pax.exam.CoreOptions.maven("io.reclaim", "reclaim-features", version())
                .classifier("features").type("xml");
    }

    private static String v(String name) {
        String version = VERSIONS.getProperty(name);
        if (version == null) {
            throw new IllegalStateException("reclaim-testing.properties names no version of " + name);
        }
        return version;
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = ReclaimOptions.class.getResourceAsStream("reclaim-testing.properties")) {
            if (in == null) {
                throw new IllegalStateException("reclaim-testing.properties is missing from the kit's jar");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }
}
