package io.reclaim.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundle jars the build copied under {@code bundles/} of the launcher's jar (or of its class
 * directory, when run from the build), installed with a start level read from their symbolic name.
 */
final class EmbeddedBundles {

    static final String FOLDER = "bundles/";
    /** Declarative Services, Configuration Admin, logging, Gogo's runtime, and any library a bundle needs. */
    static final int PLATFORM = 1;
    /** Every {@code io.reclaim.*} bundle but the web ones. */
    static final int RECLAIM = 2;
    /** Gogo's interactive shell and jline: started on a terminal only, once the Reclaim commands are registered. */
    static final int SHELL = 3;
    /**
     * The HTTP server, the web console and what serves on them: on a terminal at once, in a scripted run
     * once the input keeps the shell waiting, so a one-command run neither pays for them nor takes the port.
     */
    static final int WEB = 4;
    private static final Set<String> WEB_BUNDLES = Set.of("org.apache.felix.http.jetty",
            "org.apache.felix.webconsole", "io.reclaim.webconsole", "io.reclaim.metrics");

    private EmbeddedBundles() {
    }

    static int startLevel(String symbolicName) {
        if (WEB_BUNDLES.contains(symbolicName)) {
            return WEB;
        }
        if (symbolicName.startsWith("io.reclaim.")) {
            return RECLAIM;
        }
        return symbolicName.equals("org.apache.felix.gogo.jline") || symbolicName.startsWith("org.jline")
                ? SHELL : PLATFORM;
    }

    /** Installs every embedded bundle, in file-name order, each with its start level set. */
    static List<Bundle> install(BundleContext context) throws IOException, BundleException {
        Path home;
        try {
            home = Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's jar", e);
        }
        List<Bundle> bundles = new ArrayList<>();
        if (Files.isDirectory(home)) {
            try (Stream<Path> files = Files.list(home.resolve(FOLDER))) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        bundles.add(install(context, jar.getFileName().toString(), in));
                    }
                }
            }
            return bundles;
        }
        try (JarFile self = new JarFile(home.toFile())) {
            List<JarEntry> jars = self.stream().filter(EmbeddedBundles::isBundle)
                    .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
            for (JarEntry jar : jars) {
                try (InputStream in = self.getInputStream(jar)) {
                    bundles.add(install(context, jar.getName().substring(FOLDER.length()), in));
                }
            }
        }
        return bundles;
    }

    private static boolean isBundle(JarEntry entry) {
        String name = entry.getName();
        return name.startsWith(FOLDER) && name.endsWith(".jar") && name.indexOf('/', FOLDER.length()) < 0;
    }

    private static Bundle install(BundleContext context, String fileName, InputStream in) throws BundleException {
        Bundle bundle = context.installBundle("reclaim:" + FOLDER + fileName, in);
        bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel(bundle.getSymbolicName()));
        return bundle;
    }
}
