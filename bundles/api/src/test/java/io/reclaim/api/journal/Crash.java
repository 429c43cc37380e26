package io.reclaim.api.journal;

import io.reclaim.api.internal.journal.FileJournal;

/** A journal dropped as by a JVM killed with SIGKILL. */
final class Crash {

    private Crash() {
    }

    static void abandon(CloseableJournal journal) {
        ((FileJournal) journal).abandon();
    }
}
