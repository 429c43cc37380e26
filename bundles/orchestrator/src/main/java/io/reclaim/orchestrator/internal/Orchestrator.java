package io.reclaim.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HeldResource;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.orchestrator.EmbeddedOrchestrator;

/**
 * The orchestrator itself, the same in plain Java and behind the OSGi component: an ordered set
 * of handlers, the cleanup threads and the handler timeout.
 */
public final class Orchestrator implements EmbeddedOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final HandlerOrder order = new HandlerOrder();
    private final AtomicLong plainRegistrations = new AtomicLong();
    private final ThreadPoolExecutor threads = CleanupThreads.create();
    private final Statistics statistics = new Statistics();
    private volatile Duration handlerTimeout;

    public Orchestrator(Duration handlerTimeout) {
        handlerTimeout(handlerTimeout);
    }

    /** Applies to cleanups that start afterwards. */
    public void handlerTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the handler timeout must be positive, got " + timeout);
        }
        this.handlerTimeout = timeout;
    }

    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    HandlerOrder order() {
        return order;
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        return cleanupProcess(pid, null);
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid, Pid heir) {
        Objects.requireNonNull(pid, "pid");
        RankedHandler[] handlers = order.snapshot();
        if (threads.isShutdown()) {
            throw new IllegalStateException("the orchestrator is closed");
        }
        if (handlers.length == 0) {
            return CleanupResult.of(pid, List.of(), Duration.ZERO);
        }
        CleanupResult result = new CleanupRun(pid, heir, handlers, handlerTimeout, threads).execute();
        statistics.record(result);
        LOG.debug("Cleaned up pid {} in {}: {}", pid, result.duration(), result.total());
        return result;
    }

    @Override
    public List<HandlerInfo> handlers() {
        return order.info();
    }

    /**
     * Asks every handler on the calling thread; a handler whose {@code usage} throws is logged and
     * left out.
     */
    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        Map<String, ResourceUsage> usage = new LinkedHashMap<>();
        for (RankedHandler ranked : order.snapshot()) {
            ResourceUsage held = usageOf(ranked.handler(), pid);
            if (!held.isEmpty()) {
                usage.merge(ranked.handler().type(), held, ResourceUsage::plus);
            }
        }
        return Collections.unmodifiableMap(usage);
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        RankedHandler[] now = order.snapshot();
        Duration timeout = handlerTimeout;
        List<PlannedCleanup> plan = new ArrayList<>(now.length);
        for (int i = 0; i < now.length; i++) {
            Handler handler = now[i].handler();
            HandlerInfo info = new HandlerInfo(i + 1, handler.type(), now[i].rank().ranking(), handler.id(), handler.bundle());
            plan.add(new PlannedCleanup(info, usageOf(handler, pid), timeout));
        }
        return List.copyOf(plan);
    }

    /** Pids in ascending order; a handler that cannot name its owners is left out. */
    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        Map<Pid, Map<String, ResourceUsage>> holdings = new TreeMap<>();
        for (RankedHandler ranked : order.snapshot()) {
            Handler handler = ranked.handler();
            if (handler.isGone()) {
                continue;
            }
            List<Pid> owners;
            try {
                owners = handler.cleanup().owners();
            } catch (Throwable e) { // another bundle's code: whatever it throws costs only its own column
                LOG.warn("Cleanup handler {} could not name its owners", handler, e);
                continue;
            }
            for (Pid owner : owners) {
                ResourceUsage held = usageOf(handler, owner);
                if (!held.isEmpty()) {
                    holdings.computeIfAbsent(owner, p -> new LinkedHashMap<>()).merge(handler.type(), held, ResourceUsage::plus);
                }
            }
        }
        holdings.replaceAll((pid, perType) -> Collections.unmodifiableMap(perType));
        return Collections.unmodifiableMap(holdings);
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        Map<String, ResourceTotals> totals = new LinkedHashMap<>();
        for (RankedHandler ranked : order.snapshot()) {
            Handler handler = ranked.handler();
            try {
                totals.put(handler.type(), handler.cleanup().totals());
            } catch (Throwable e) {
                LOG.warn("Cleanup handler {} could not tell its totals", handler, e);
                totals.put(handler.type(), ResourceTotals.UNKNOWN);
            }
        }
        return Collections.unmodifiableMap(totals);
    }

    @Override
    public long transfer(Pid from, String type, Pid to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        for (RankedHandler ranked : order.snapshot()) {
            Handler handler = ranked.handler();
            if (handler.type().equals(type) && !handler.isGone()) {
                return handler.cleanup().transferAll(from, to);
            }
        }
        throw new IllegalArgumentException("no resource type '" + type + "' is installed");
    }

    @Override
    public Map<String, ResourceLimit> limits(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        Map<String, ResourceLimit> limits = new LinkedHashMap<>();
        for (RankedHandler ranked : order.snapshot()) {
            Handler handler = ranked.handler();
            if (handler.isGone()) {
                continue;
            }
            try {
                ResourceLimit limit = handler.cleanup().limit(pid);
                if (limit != null && !limit.isUnlimited()) {
                    limits.putIfAbsent(handler.type(), limit);
                }
            } catch (Throwable e) { // another bundle's code: whatever it throws costs only its own entry
                LOG.warn("Cleanup handler {} could not tell the limit of pid {}", handler, pid, e);
            }
        }
        return Collections.unmodifiableMap(limits);
    }

    @Override
    public Map<String, List<HeldResource>> heldTooLong() {
        return perType(null);
    }

    @Override
    public Map<String, List<HeldResource>> resources(Pid pid) {
        return perType(Objects.requireNonNull(pid, "pid"));
    }

    /** Each handler's resources of {@code pid}, or its held-too-long suspects when pid is null; empty lists left out. */
    private Map<String, List<HeldResource>> perType(Pid pid) {
        Map<String, List<HeldResource>> found = new LinkedHashMap<>();
        for (RankedHandler ranked : order.snapshot()) {
            Handler handler = ranked.handler();
            if (handler.isGone()) {
                continue;
            }
            List<HeldResource> held;
            try {
                held = pid == null ? handler.cleanup().heldTooLong() : handler.cleanup().resources(pid);
            } catch (Throwable e) { // another bundle's code: whatever it throws costs only its own entry
                LOG.warn("Cleanup handler {} could not describe its resources", handler, e);
                continue;
            }
            if (held != null && !held.isEmpty()) {
                found.merge(handler.type(), List.copyOf(held), (a, b) -> {
                    List<HeldResource> both = new ArrayList<>(a);
                    both.addAll(b);
                    return List.copyOf(both);
                });
            }
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public OrchestratorStatistics statistics() {
        return statistics.snapshot(order.snapshot());
    }

    private static ResourceUsage usageOf(Handler handler, Pid pid) {
        if (handler.isGone()) {
            return ResourceUsage.NONE;
        }
        try {
            ResourceUsage held = handler.cleanup().usage(pid);
            return held == null ? ResourceUsage.NONE : held;
        } catch (Throwable e) { // e.g. a size lookup that throws an Error
            LOG.warn("Cleanup handler {} could not tell the usage of pid {}", handler, pid, e);
            return ResourceUsage.NONE;
        }
    }

    /**
     * Adds a handler without the service registry. It shows service id {@code -1}, {@code -2}, ...
     * and bundle {@code "-"}; among equal rankings a later registration runs first.
     *
     * @throws IllegalArgumentException if the handler names no resource type
     */
    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        Objects.requireNonNull(handler, "handler");
        long id = -plainRegistrations.incrementAndGet();
        order.put(Handler.of(id, handler, Handler.PLAIN_JAVA), ranking);
        return () -> order.remove(id);
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
