package io.reclaim.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two folders of the home that Apache Felix FileInstall watches, the way Karaf sets it up:
 * {@code etc/} through the framework properties (FileInstall's first watcher), whose
 * {@code .cfg} and {@code .config} files become Configuration Admin configurations, applied live
 * and written back when the configuration is changed from the shell; and {@code deploy/} through a
 * factory configuration in {@code etc/} itself, whose bundles are installed and started while
 * their jar is there.
 */
final class HomeWatchers {

    /** The FileInstall factory configuration of the deploy folder, {@value}. */
    static final String DEPLOY_WATCHER = "org.apache.felix.fileinstall-deploy.cfg";
    /** How often both folders are scanned, in ms: a change shows within about a second. */
    static final String POLL_MILLIS = "1000";

    private HomeWatchers() {
    }

    /** @return the framework properties of FileInstall's watcher of {@code etc/} */
    static Map<String, String> frameworkProperties(Home home) {
        return Map.of(
                "felix.fileinstall.dir", home.etc().toString(),
                "felix.fileinstall.filter", ".*\\.(cfg|config)",
                "felix.fileinstall.poll", POLL_MILLIS,
                // the first scan happens as FileInstall starts, before the Reclaim bundles do
                "felix.fileinstall.noInitialDelay", "true",
                // a configuration read from a file and changed through Configuration Admin goes back to its file
                "felix.fileinstall.enableConfigSave", "true",
                "felix.fileinstall.log.level", "2");
    }

    /**
     * Writes the deploy folder's watcher configuration unless {@code etc/} already has it (an
     * operator may have changed it: that is kept). Deleting it stops the watching until the next
     * start, which writes it again.
     */
    static void ensureDeployWatcher(Home home) throws IOException {
        Path file = home.etc().resolve(DEPLOY_WATCHER);
        if (Files.exists(file)) {
            return;
        }
        Files.writeString(file, String.join("\n",
                "# Bundles copied into deploy/ of the Reclaim home are installed and started; deleting one uninstalls it.",
                "# Written by the launcher when missing.",
                "felix.fileinstall.dir = ${reclaim.home}/" + Home.DEPLOY,
                "felix.fileinstall.filter = .*\\\\.jar",
                "felix.fileinstall.poll = " + POLL_MILLIS,
                "felix.fileinstall.noInitialDelay = true",
                "felix.fileinstall.bundles.new.start = true",
                "felix.fileinstall.log.level = 2",
                ""), StandardCharsets.UTF_8);
    }
}
