package io.reclaim.launcher;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots Reclaim from one jar: the OSGi framework, then every bundle embedded under
 * {@code bundles/} — platform first, Reclaim next, the Gogo shell last and only once the Reclaim
 * services are up, so that the first command typed (or piped) finds them. Exits 0 when the
 * framework stops, which the shell does at the end of its input.
 */
public final class Main {

    /** What the shell's commands need; the last filter matches the commands themselves. */
    private static final List<String> AWAITED = List.of("(objectClass=io.reclaim.api.ProcessManager)",
            "(objectClass=io.reclaim.api.ResourceOrchestrator)", "(osgi.command.scope=reclaim)");
    private static final long AWAIT_MILLIS = Long.getLong("reclaim.await.millis", 10_000);

    private Main() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Exception e) {
            // exit even though the framework's non-daemon threads may be running
            System.err.println("reclaim: cannot start: " + e);
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        // slf4j-simple prints INFO to stderr, in the middle of the shell's output; -D overrides
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path home = Files.createTempDirectory("reclaim-");
        Map<String, String> properties = new HashMap<>(Map.of(
                Constants.FRAMEWORK_STORAGE, home.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(EmbeddedBundles.RECLAIM)));
        if (!onTerminal()) {
            scriptedShell(home, properties);
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        // Felix's threads, and the shell's, inherit this: with none, jline looks for its terminal
        // providers in its own bundle instead of on the launcher's class path, where they are not
        Thread.currentThread().setContextClassLoader(null);
        Framework framework = factory.newFramework(properties);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(framework, home), "reclaim-exit"));
        framework.init();
        for (Bundle bundle : EmbeddedBundles.install(framework.getBundleContext())) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start(); // persistent: each starts when the framework reaches its level
            }
        }
        framework.start();
        awaitReclaim(framework.getBundleContext());
        framework.adapt(FrameworkStartLevel.class).setStartLevel(EmbeddedBundles.SHELL);
        framework.waitForStop(0);
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

    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // from Java 22 on there is a console even when redirected; isTerminal() tells
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console means a terminal
        }
    }

    /**
     * Input or output is not a terminal, so commands come from a pipe or a file: a dumb terminal
     * without the warning jline gives when it has to fall back to one, and a profile without
     * banner, prompt and completions, so the output is the commands' output alone.
     */
    private static void scriptedShell(Path home, Map<String, String> properties) throws IOException {
        System.getProperties().putIfAbsent("org.jline.terminal.dumb", "true");
        if (System.getProperty("gosh.home") == null) {
            Path etc = Files.createDirectories(home.resolve("gosh/etc"));
            Files.writeString(etc.resolve("gosh_profile"), String.join("\n",
                    "SCOPE = 'gogo:*'",
                    "addcommand context ${.context}",
                    "addcommand system (((${.context} getClass) getClassLoader) loadClass java.lang.System)",
                    "e = { $exception printStackTrace }",
                    "prompt = ''", ""));
            properties.put("gosh.home", home.resolve("gosh").toString());
        }
    }

    private static void stopAndDelete(Framework framework, Path home) {
        try {
            // a stop from the shell has already happened; Ctrl-C or kill lands here with bundles active
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                framework.waitForStop(AWAIT_MILLIS);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("reclaim: stopping the framework failed: " + e);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("reclaim: could not delete " + home + ": " + e);
        }
    }
}
