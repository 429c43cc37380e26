package io.reclaim.shell.karaf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.console.Candidate;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * The words completion offers, read when TAB is pressed: the pids {@code reclaim:ps} lists (with
 * each one's name beside it), the resource types {@code reclaim:handlers} lists in cleanup order
 * (with their ranking), and the signals a process's handlers can receive. Without a process
 * manager or an orchestrator, their words are simply not offered.
 */
final class Vocabulary {

    /** The signal names {@code reclaim:signal} documents; a custom name can still be typed. */
    static final List<String> SIGNALS = List.of("TERM", "INT", "HUP", "USR1", "USR2");
    /** Longest process name shown beside a pid: the menu is a list, not a report. */
    static final int MAX_DESCRIPTION = 40;

    private final Supplier<ProcessManager> processes;
    private final Supplier<ResourceOrchestrator> orchestrator;

    Vocabulary(Supplier<ProcessManager> processes, Supplier<ResourceOrchestrator> orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    /** @return the candidates for a word of {@code kind} */
    List<Candidate> words(Syntax.Kind kind) {
        switch (kind) {
            case PID:
                return pids();
            case TYPE:
                return types();
            case SIGNAL:
                return SIGNALS.stream().map(signal -> candidate(signal, null)).toList();
            default:
                return List.of();
        }
    }

    private List<Candidate> pids() {
        ProcessManager manager = processes.get();
        if (manager == null) {
            return List.of();
        }
        List<Candidate> pids = new ArrayList<>();
        for (ProcessInfo info : manager.list()) {
            pids.add(candidate(info.pid().toString(), describe(info.name())));
        }
        return pids;
    }

    private List<Candidate> types() {
        ResourceOrchestrator current = orchestrator.get();
        if (current == null) {
            return List.of();
        }
        List<Candidate> types = new ArrayList<>();
        for (HandlerInfo handler : current.handlers()) {
            types.add(candidate(handler.resourceType(), "ranking " + handler.ranking()));
        }
        return types;
    }

    /** A whole word: the console adds a space after it, as after a command name. */
    static Candidate candidate(String value, String description) {
        return new Candidate(value, value, null, description, null, null, true);
    }

    /**
     * @return {@code name} fit for the completion menu: control and format characters (ANSI
     *         escapes among them) shown as {@code ?}, cut to {@value #MAX_DESCRIPTION} characters
     */
    static String describe(String name) {
        StringBuilder shown = new StringBuilder(Math.min(name.length(), MAX_DESCRIPTION));
        for (int i = 0; i < name.length() && shown.length() < MAX_DESCRIPTION; i++) {
            char c = name.charAt(i);
            shown.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (name.length() > MAX_DESCRIPTION) {
            shown.setLength(MAX_DESCRIPTION - 3);
            shown.append("...");
        }
        return shown.toString();
    }
}
