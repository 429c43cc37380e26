package io.reclaim.process.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journals;

/**
 * Where the platform's journal lives: the configured directory, else {@code journal/} of the
 * Reclaim home, else the process bundle's data area (which survives bundle and framework restarts
 * as long as the framework's storage does). A journal that cannot be opened — another JVM holds
 * it — is replaced by one in memory, loudly: taking over a running JVM's records would end its
 * children as leftovers.
 */
final class JournalLocation {

    static final String FOLDER = "journal";

    private static final Logger LOG = LoggerFactory.getLogger(JournalLocation.class);

    private JournalLocation() {
    }

    static CloseableJournal open(String configured, String home, File dataArea) {
        Path directory;
        if (configured != null && !configured.isBlank()) {
            directory = Path.of(configured.trim());
        } else if (home != null && !home.isBlank()) {
            directory = Path.of(home.trim(), FOLDER);
        } else if (dataArea != null) {
            directory = dataArea.toPath();
        } else {
            LOG.warn("no Reclaim home, no journal directory configured and no bundle data area: the journal is kept "
                    + "in memory, and what a crash leaves is not reclaimed");
            return Journals.inMemory();
        }
        try {
            return Journals.open(directory);
        } catch (IOException | RuntimeException e) {
            LOG.error("the journal in {} cannot be opened ({}); keeping it in memory: pids and what a crash leaves are "
                    + "not remembered", directory, e.getMessage());
            return Journals.inMemory();
        }
    }
}
