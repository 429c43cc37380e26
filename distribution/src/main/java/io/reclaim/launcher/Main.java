package io.reclaim.launcher;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots Reclaim from one jar: the OSGi framework, then every bundle embedded under
 * {@code bundles/} — platform first, Reclaim next, then, once the Reclaim services are up so that
 * the first command finds them, the shell: Gogo's interactive shell on a terminal, else a
 * {@link ScriptedShell} reading the commands from stdin. The web stack comes last (see
 * {@link EmbeddedBundles#WEB}). Exits 0 when the framework stops, which the shell does at the end of
 * its input, or 1 if a command failed.
 *
 * <p>State lives in a persistent home ({@code --home DIR}, {@code RECLAIM_HOME}, or
 * {@code reclaim-home/} of the working directory): configuration files in {@code etc/}, bundles to
 * install in {@code deploy/} (both watched by Felix FileInstall), the framework's cache in
 * {@code data/}, the journal in {@code journal/}. A second JVM on the same home is refused. SIGTERM, SIGHUP or Ctrl-C
 * stop the framework, whose process manager first ends every live process through the ranked
 * cleanup, within its shutdown grace and the handlers' timeouts.
 */
public final class Main {

    /** What the shell's commands need; the last filter matches the commands themselves. */
    private static final List<String> AWAITED = List.of("(objectClass=io.reclaim.api.ProcessManager)",
            "(objectClass=io.reclaim.api.ResourceOrchestrator)", "(osgi.command.scope=reclaim)");
    private static final long AWAIT_MILLIS = Long.getLong("reclaim.await.millis", 10_000);
    /** How long a stop by signal may take: the shutdown grace, kill timeouts and handler timeouts fit well within. */
    private static final long STOP_MILLIS = Long.getLong("reclaim.stop.millis", 120_000);
    /** The launcher jar the framework's cache was filled from; another jar means other bundles. */
    private static final String STAMP = "launcher.stamp";
    static final String USAGE = "usage: java -jar reclaim.jar [--home DIR]";
    /** The exit code of a run in which a command failed (a bad argument, a failed self-test ...). */
    static final int FAILED_COMMANDS = 1;

    private Main() {
    }

    public static void main(String[] args) {
        String homeOption;
        try {
            homeOption = homeOption(args);
        } catch (IllegalArgumentException e) {
            System.err.println("reclaim: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            int failed = run(Home.choose(homeOption, System.getenv(Home.ENVIRONMENT)));
            if (failed > 0) {
                System.err.println("reclaim: " + failed + " command(s) failed");
                System.exit(FAILED_COMMANDS);
            }
            System.exit(0);
        } catch (Home.HomeInUseException e) {
            System.err.println("reclaim: " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            // exit even though the framework's non-daemon threads may be running
            System.err.println("reclaim: cannot start: " + e);
            System.exit(1);
        }
    }

    /** @return the value of {@code --home}, or {@code null} if not given */
    static String homeOption(String[] args) {
        String home = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--home") && i + 1 < args.length && !args[i + 1].isBlank()) {
                home = args[++i];
            } else if (arg.startsWith("--home=") && arg.length() > "--home=".length()) {
                home = arg.substring("--home=".length());
            } else if (arg.equals("--home")) {
                throw new IllegalArgumentException("--home needs a directory");
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return home;
    }

    /** @return how many command lines of the shell failed */
    private static int run(Path homeDirectory) throws Exception {
        // slf4j-simple prints INFO to stderr, in the middle of the shell's output; -D overrides
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the web console (admin/admin until changed) and /metrics answer on this host only unless told otherwise
        System.getProperties().putIfAbsent("org.apache.felix.http.host", "localhost");
        // Web Console 5 warns at each start that its own plugins still use javax.servlet (it wraps them)
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.felix.webconsole", "error");
        Home home = Home.lock(homeDirectory);
        Map<String, String> properties = new HashMap<>(Map.of(
                Constants.FRAMEWORK_STORAGE, home.data().toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, sameLauncher(home.data()) ? "none"
                        : Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(EmbeddedBundles.RECLAIM),
                "reclaim.home", home.directory().toString()));
        properties.putAll(HomeWatchers.frameworkProperties(home));
        HomeWatchers.ensureDeployWatcher(home);
        boolean terminal = onTerminal();
        PrintStream out = System.out;
        PrintStream err = System.err;
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        // Felix's threads, and the shell's, inherit this: with none, jline looks for its terminal
        // providers in its own bundle instead of on the launcher's class path, where they are not
        Thread.currentThread().setContextClassLoader(null);
        Framework framework = factory.newFramework(properties);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, home), "reclaim-exit"));
        framework.init();
        StartupTrace.phase("framework initialised");
        StartupTrace.bundles(framework.getBundleContext());
        stamp(home.data());
        for (Bundle bundle : EmbeddedBundles.install(framework.getBundleContext())) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                // persistent: each starts when the framework reaches its level; the interactive shell
                // only on a terminal (stop() of a bundle not yet started only clears its start setting)
                if (terminal || !ScriptedShell.GOGO_SHELL.equals(bundle.getSymbolicName())) {
                    bundle.start();
                } else {
                    bundle.stop();
                }
            }
        }
        StartupTrace.phase("bundles installed");
        framework.start();
        BundleContext context = framework.getBundleContext();
        awaitReclaim(context);
        StartupTrace.phase("Reclaim's services are up");
        FailedCommands failed = new FailedCommands();
        failed.listen(context);
        FrameworkStartLevel levels = framework.adapt(FrameworkStartLevel.class);
        if (terminal) {
            levels.setStartLevel(EmbeddedBundles.WEB);
            framework.waitForStop(0);
            return failed.count();
        }
        ScriptedShell shell = new ScriptedShell(context, out, err, () -> levels.setStartLevel(EmbeddedBundles.WEB));
        try {
            shell.run(System.in);
            StartupTrace.phase("the input has ended");
        } catch (IOException | ReflectiveOperationException e) {
            err.println("reclaim: the shell stopped reading its input: " + e);
            return failed.count() + 1;
        } finally {
            framework.stop();
            framework.waitForStop(0);
            StartupTrace.phase("the framework has stopped");
        }
        return failed.count() + shell.incomplete();
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
     * A stop from the shell has already happened; SIGTERM, SIGHUP or Ctrl-C land here with bundles
     * active. The process manager ends every live process as the framework begins to stop, so the
     * wait covers its shutdown grace and the cleanup handlers' timeouts.
     */
    private static void stop(Framework framework, Home home) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            if (framework.waitForStop(STOP_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("reclaim: the framework did not stop within " + STOP_MILLIS + " ms");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("reclaim: stopping the framework failed: " + e);
        } finally {
            home.close();
        }
    }

    /** @return whether the framework's cache was filled from this very launcher jar */
    private static boolean sameLauncher(Path data) {
        try {
            return Files.readString(data.resolve(STAMP)).equals(launcherStamp());
        } catch (IOException e) {
            return false;
        }
    }

    private static void stamp(Path data) {
        try {
            Files.writeString(data.resolve(STAMP), launcherStamp());
        } catch (IOException e) {
            System.err.println("reclaim: cannot write " + data.resolve(STAMP) + ": " + e);
        }
    }

    private static String launcherStamp() throws IOException {
        try {
            Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(self)) {
                self = self.resolve(EmbeddedBundles.FOLDER);
            }
            return self + " " + Files.size(self) + " " + Files.getLastModifiedTime(self).toMillis();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
