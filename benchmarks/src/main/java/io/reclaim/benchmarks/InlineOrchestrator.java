package io.reclaim.benchmarks;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;

/**
 * A measuring device, not a replacement: an orchestrator that runs every handler on the calling
 * thread, in the same order as the real one, with no timeout. Churn runs with it
 * ({@code -p orchestrator=inline}) to show what the real orchestrator's hand-off of each cleanup
 * to one of its threads costs; it cannot abandon a hanging handler, which is why the real one
 * hands off.
 *
 * <p>It answers only {@code cleanupProcess} and {@code register}, all a process manager needs;
 * a proxy keeps it compiling while the orchestrator interface grows inspection methods.
 */
final class InlineOrchestrator {

    private record Ranked(ResourceCleanup handler, int ranking, long id) {
    }

    private static final Comparator<Ranked> ORDER =
            Comparator.comparingInt(Ranked::ranking).reversed().thenComparing(Comparator.comparingLong(Ranked::id));

    private final List<Ranked> handlers = new CopyOnWriteArrayList<>();
    private long ids;

    private InlineOrchestrator() {
    }

    static ResourceOrchestrator create() {
        InlineOrchestrator inline = new InlineOrchestrator();
        return (ResourceOrchestrator) Proxy.newProxyInstance(InlineOrchestrator.class.getClassLoader(),
                new Class<?>[] {ResourceOrchestrator.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "cleanupProcess":
                            return inline.cleanupProcess((Pid) args[0]);
                        case "register":
                            return inline.register((ResourceCleanup) args[0], (Integer) args[1]);
                        case "toString":
                            return "inline orchestrator";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName() + " is not measured");
                    }
                });
    }

    private CleanupResult cleanupProcess(Pid pid) {
        long begin = System.nanoTime();
        List<HandlerOutcome> outcomes = new ArrayList<>(handlers.size());
        for (Ranked ranked : handlers) {
            long start = System.nanoTime();
            CleanupStats stats = CleanupStats.NONE;
            String error = null;
            try {
                stats = ranked.handler().cleanup(pid);
            } catch (RuntimeException e) {
                error = "threw " + e;
            }
            outcomes.add(new HandlerOutcome(ranked.handler().resourceType(), ranked.ranking(), ranked.id(), stats,
                    Duration.ofNanos(System.nanoTime() - start), error));
        }
        return CleanupResult.of(pid, outcomes, Duration.ofNanos(System.nanoTime() - begin));
    }

    private synchronized ResourceOrchestrator.Registration register(ResourceCleanup handler, int ranking) {
        // later registrations get a lower id and so run first among equal rankings, as in the real one
        Ranked ranked = new Ranked(handler, ranking, -(++ids));
        List<Ranked> sorted = new ArrayList<>(handlers);
        sorted.add(ranked);
        sorted.sort(ORDER);
        handlers.clear();
        handlers.addAll(sorted);
        return () -> handlers.remove(ranked);
    }
}
