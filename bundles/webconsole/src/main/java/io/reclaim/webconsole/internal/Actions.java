package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.NoSuchProcessException;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceOrchestrator;

/**
 * What the page's buttons do, each from plain request parameters. A bad parameter is an
 * {@link IllegalArgumentException} whose message is the one line the page shows; nothing is
 * half done.
 */
final class Actions {

    static final int MAX_GRACE_SECONDS = 3600;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final Views views;
    private final RankingStore rankings;

    Actions(ProcessManager processes, ResourceOrchestrator orchestrator, Views views, RankingStore rankings) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.views = views;
        this.rankings = rankings;
    }

    Map<String, Object> spawn(String name, String command) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a process needs a name");
        }
        ProcessSpec spec = ProcessSpec.named(name.strip());
        if (command != null && !command.isBlank()) {
            spec = spec.withCommand(ProcessSpec.splitCommandLine(command));
        }
        ProcessInfo info = processes.spawn(spec);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", info.pid().value());
        json.put("name", info.name());
        json.put("osPid", info.osPid() > 0 ? info.osPid() : null);
        return json;
    }

    Map<String, Object> kill(String pid, String grace) {
        Pid id = pid(pid);
        long seconds = number("grace", grace == null || grace.isBlank() ? "0" : grace, 0, MAX_GRACE_SECONDS);
        CleanupResult result;
        try {
            result = processes.terminate(id, Duration.ofSeconds(seconds));
        } catch (NoSuchProcessException e) {
            throw new IllegalArgumentException("no process with pid " + id);
        }
        return Views.result(result);
    }

    Map<String, Object> ranking(String type, String ranking) throws IOException {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a handler type is required");
        }
        int value = (int) number("ranking", ranking, Integer.MIN_VALUE, Integer.MAX_VALUE);
        HandlerInfo handler = orchestrator.handlers().stream().filter(h -> h.resourceType().equals(type.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no handler of type " + type));
        RankingStore.Target target = rankings.save(handler, value);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", handler.resourceType());
        json.put("ranking", value);
        json.put("configuration", target.toString());
        return json;
    }

    /** Cleans every pid that leaks, once, as {@code reclaim:leaks --reap} does for ended pids. */
    List<Map<String, Object>> reap() {
        Set<Pid> pids = new LinkedHashSet<>();
        views.leaks().forEach(leak -> pids.add(leak.pid()));
        List<Map<String, Object>> reaped = new ArrayList<>();
        for (Pid pid : pids) {
            reaped.add(Views.result(orchestrator.cleanupProcess(pid)));
        }
        return reaped;
    }

    private static Pid pid(String text) {
        return Pid.of(number("pid", text, 1, Long.MAX_VALUE));
    }

    private static long number(String what, String text, long min, long max) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " must be a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("the " + what + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
