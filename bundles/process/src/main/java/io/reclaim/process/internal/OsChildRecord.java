package io.reclaim.process.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.process.ProcessManagers;

/**
 * The journal record of an OS child: enough to find it, and only it, after the JVM died: its OS
 * pid with its start time, the session it leads (when it was started through setsid), and its
 * cgroup (when the containment gave it one).
 */
final class OsChildRecord {

    static final String OS_PID = "os.pid";
    static final String START_TIME = "start.time";
    static final String SESSION = "session";
    static final String CGROUP = "cgroup";
    static final String NAME = "name";
    static final String COMMAND = "command";
    static final String STARTED = "started";

    private OsChildRecord() {
    }

    /**
     * @param ownSession whether the child leads its own session (setsid): its session id is then its pid
     * @param cgroup the child's own cgroup directory, or {@code null} when it has none
     * @return the entry, or {@code null} if the child is gone already (nothing to record: the reaper ends it)
     */
    static JournalEntry record(Journal journal, Pid pid, ProcessSpec spec, long osPid, boolean ownSession,
            String cgroup, long startedMillis) {
        ProcStart start = ProcStart.read(osPid).orElse(null);
        if (start == null) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(OS_PID, Long.toString(osPid));
        attributes.put(START_TIME, Long.toString(start.startTime()));
        // read from the flag, not from /proc: setsid may not have run yet in the child
        attributes.put(SESSION, ownSession ? Long.toString(osPid) : "0");
        if (cgroup != null) {
            attributes.put(CGROUP, cgroup);
        }
        attributes.put(NAME, clip(spec.name()));
        attributes.put(COMMAND, clip(String.join(" ", spec.command())));
        attributes.put(STARTED, Long.toString(startedMillis));
        return journal.record(ProcessManagers.OS_PROCESS_TYPE, pid, attributes);
    }

    static long number(JournalEntry entry, String key) {
        String value = entry.attribute(key);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String clip(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000);
    }
}
