package io.reclaim.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS process table as {@code /proc} shows it to anyone on the host: what tests read to prove
 * that a tree is gone, with no process left running and no zombie left unreaped.
 */
public final class ProcTable {

    private static final Path PROC = Path.of("/proc");

    /**
     * One process, identified by pid and start time together, so that a pid number reused by an
     * unrelated process is never mistaken for it.
     */
    public record Entry(long pid, long startTime, char state, long ppid, long session, String commandLine) {

        /** @return whether this very process still has an entry: running, stopped, or a zombie */
        public boolean present() {
            Entry now = read(pid);
            return now != null && now.startTime == startTime;
        }

        /** @return whether this very process is a zombie now */
        public boolean zombie() {
            Entry now = read(pid);
            return now != null && now.startTime == startTime && (now.state == 'Z' || now.state == 'X');
        }
    }

    private ProcTable() {
    }

    /** @return every process whose command line contains {@code text}; zombies have none and are left out */
    public static List<Entry> running(String text) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : all()) {
            if (entry.commandLine.contains(text) && entry.state != 'Z') {
                found.add(entry);
            }
        }
        return found;
    }

    /** @return the zombies whose parent is {@code ppid} */
    public static List<Entry> zombiesOf(long ppid) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : all()) {
            if (entry.ppid == ppid && entry.state == 'Z') {
                found.add(entry);
            }
        }
        return found;
    }

    /** @return every process of the host */
    public static List<Entry> all() {
        List<Entry> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                Entry read = read(Long.parseLong(entry.getFileName().toString()));
                if (read != null) {
                    all.add(read);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return all;
    }

    /** @return the process {@code pid}, or {@code null} if it has no entry */
    public static Entry read(long pid) {
        try {
            Path dir = PROC.resolve(Long.toString(pid));
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            String commandLine = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ').trim();
            return new Entry(pid, Long.parseLong(fields[19]), fields[0].charAt(0), Long.parseLong(fields[1]),
                    Long.parseLong(fields[3]), commandLine);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
