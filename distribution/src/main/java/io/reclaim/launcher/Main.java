package io.reclaim.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots Reclaim from one jar: the OSGi framework, then every bundle embedded under
 * {@code bundles/} — platform first, Reclaim next, the Gogo shell last and only once the Reclaim
 * services are up, so that the first command typed (or piped) finds them. Exits 0 when the
 * framework stops, which the shell does at the end of its input.
 */
public final class Main {

    private static final String BUNDLES = "bundles/";
    private static final int PLATFORM = 1;
    private static final int RECLAIM = 2;
    private static final int SHELL = 3;
    /** What the shell's commands need; the last filter matches the commands themselves. */
    private static final List<String> AWAITED = List.of("(objectClass=io.reclaim.api.ProcessManager)",
            "(objectClass=io.reclaim.api.ResourceOrchestrator)", "(osgi.command.scope=reclaim)");
    private static final long AWAIT_MILLIS = Long.getLong("reclaim.await.millis", 10_000);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // slf4j-simple prints INFO to stderr, in the middle of the shell's output; -D overrides
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (System.console() == null) {
            // stdin or stdout is not a terminal (piped): ask jline for a dumb one rather than warn that it has to
            System.getProperties().putIfAbsent("org.jline.terminal.dumb", "true");
        }
        Path storage = Files.createTempDirectory("reclaim-felix-");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(Map.of(
                        Constants.FRAMEWORK_STORAGE, storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                        Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(RECLAIM)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(framework, storage), "reclaim-exit"));
        framework.init();
        List<Bundle> installed = install(framework.getBundleContext());
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start(); // persistent: each starts when the framework reaches its level
            }
        }
        framework.start();
        awaitReclaim(framework.getBundleContext());
        framework.adapt(FrameworkStartLevel.class).setStartLevel(SHELL);
        framework.waitForStop(0);
        System.exit(0);
    }

    private static List<Bundle> install(BundleContext context) throws IOException, BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, InputStreamSource> jar : embeddedBundles().entrySet()) {
            try (InputStream in = jar.getValue().open()) {
                Bundle bundle = context.installBundle("reclaim:" + BUNDLES + jar.getKey(), in);
                bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel(bundle.getSymbolicName()));
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    static int startLevel(String symbolicName) {
        if (symbolicName.startsWith("io.reclaim.")) {
            return RECLAIM;
        }
        return symbolicName.startsWith("org.apache.felix.gogo.") || symbolicName.startsWith("org.jline")
                ? SHELL : PLATFORM;
    }

    /** The bundle jars under {@code bundles/}, by file name, from this jar or from a class directory. */
    private static Map<String, InputStreamSource> embeddedBundles() throws IOException {
        Path home;
        try {
            home = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's jar", e);
        }
        Map<String, InputStreamSource> bundles = new TreeMap<>();
        if (Files.isDirectory(home)) {
            try (Stream<Path> jars = Files.list(home.resolve(BUNDLES))) {
                jars.filter(p -> p.toString().endsWith(".jar"))
                        .forEach(p -> bundles.put(p.getFileName().toString(), () -> Files.newInputStream(p)));
            }
            return bundles;
        }
        JarFile self = new JarFile(home.toFile()); // stays open while bundles are read; closed at exit
        for (JarEntry entry : self.stream().toList()) {
            String name = entry.getName();
            if (name.startsWith(BUNDLES) && name.endsWith(".jar") && name.indexOf('/', BUNDLES.length()) < 0) {
                bundles.put(name.substring(BUNDLES.length()), () -> self.getInputStream(entry));
            }
        }
        return bundles;
    }

    private static void awaitReclaim(BundleContext context) throws Exception {
        long deadline = System.currentTimeMillis() + AWAIT_MILLIS;
        for (String filter : AWAITED) {
            ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
            tracker.open(true);
            try {
                if (tracker.waitForService(Math.max(1, deadline - System.currentTimeMillis())) == null) {
                    System.err.println("reclaim: no service " + filter + " after " + AWAIT_MILLIS
                            + " ms; starting the shell anyway, reclaim commands may be missing");
                }
            } finally {
                tracker.close();
            }
        }
    }

    private static void stopAndDelete(Framework framework, Path storage) {
        try {
            // a stop from the shell has already happened; Ctrl-C or kill lands here with bundles active
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                framework.waitForStop(AWAIT_MILLIS);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("reclaim: stopping the framework failed: " + e);
        }
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("reclaim: could not delete " + storage + ": " + e);
        }
    }

    @FunctionalInterface
    private interface InputStreamSource {
        InputStream open() throws IOException;
    }
}
