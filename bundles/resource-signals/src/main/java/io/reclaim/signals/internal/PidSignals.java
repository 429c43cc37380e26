package io.reclaim.signals.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.reclaim.api.Pid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of one pid, by signal name, and its pending signals in the order they were sent.
 * The ledger owns the handlers (it counts and releases them); this is the routing index beside it
 * plus the pending queue, which the ledger cannot keep in order.
 *
 * <p>Every method locks this object, so a send and a registration of the same pid never interleave:
 * a pending signal is either delivered by the registration or sent to the new handler, never both
 * and never out of order. Once retired (by a cleanup, or when it became empty) it refuses
 * everything and its callers start over with a fresh one.
 */
final class PidSignals {

    private static final Logger LOG = LoggerFactory.getLogger(PidSignals.class);

    /** What {@link #send} did. */
    enum Sent {
        DELIVERED, PENDING, REFUSED, RETIRED
    }

    private final Pid pid;
    private final Map<String, List<Subscription>> handlers = new HashMap<>(4);
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean retired;

    PidSignals(Pid pid) {
        this.pid = pid;
    }

    /**
     * Indexes {@code subscription} and hands it the pending signals of its name.
     *
     * @return false if this index is retired and the caller must use a fresh one
     */
    synchronized boolean subscribe(Subscription subscription) {
        if (retired) {
            return false;
        }
        if (!subscription.attachTo(this)) {
            return true; // released before it got here: nothing to index
        }
        handlers.computeIfAbsent(subscription.signal(), s -> new ArrayList<>(1)).add(subscription);
        int handed = 0;
        for (Iterator<String> it = pending.iterator(); it.hasNext();) {
            if (it.next().equals(subscription.signal())) {
                it.remove();
                subscription.offer();
                handed++;
            }
        }
        if (handed > 0) {
            LOG.debug("{} pending signal(s) {} of pid {} handed to its new handler", handed, subscription.signal(), pid);
        }
        return true;
    }

    synchronized void unsubscribe(Subscription subscription) {
        List<Subscription> list = handlers.get(subscription.signal());
        if (list != null && list.remove(subscription) && list.isEmpty()) {
            handlers.remove(subscription.signal());
        }
    }

    /**
     * Sends one signal: to every handler of its name, else into the pending queue. Nothing is sent
     * unless every handler has room, so a refused send is not half done.
     *
     * @param admits checked under the lock: once it is false, nothing more may land here
     * @throws IllegalStateException if the pending queue or a handler's backlog is full
     */
    synchronized Sent send(String signal, int limit, BooleanSupplier admits) {
        if (retired) {
            return Sent.RETIRED;
        }
        if (!admits.getAsBoolean()) {
            return Sent.REFUSED;
        }
        List<Subscription> targets = handlers.get(signal);
        if (targets == null) {
            if (pending.size() >= limit) {
                throw new IllegalStateException("pid " + pid + " already has " + pending.size()
                        + " pending signals, the limit; " + signal + " not sent");
            }
            pending.add(signal);
            return Sent.PENDING;
        }
        for (Subscription target : targets) {
            if (target.queued() >= limit) {
                throw new IllegalStateException("a " + signal + " handler of pid " + pid + " has " + limit
                        + " signals not yet handled, the limit; " + signal + " not sent");
            }
        }
        targets.forEach(Subscription::offer);
        return Sent.DELIVERED;
    }

    /**
     * Delivers a signal to the handlers of its name only: nothing becomes pending, and a handler
     * without room is skipped with a warning. Used for TERM on termination and for JVM signals.
     *
     * @return how many handlers received it
     */
    synchronized int deliver(String signal, int limit) {
        List<Subscription> targets = handlers.get(signal);
        if (retired || targets == null) {
            return 0;
        }
        int delivered = 0;
        for (Subscription target : targets) {
            if (target.queued() >= limit) {
                LOG.warn("{} not delivered to a handler of pid {}: it has {} signals not yet handled", signal, pid, limit);
                continue;
            }
            target.offer();
            delivered++;
        }
        return delivered;
    }

    /** Retires this index if it holds nothing, so an idle pid keeps no entry. */
    synchronized boolean retireIfEmpty() {
        if (!retired && handlers.isEmpty() && pending.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    /** @return how many pending signals were dropped */
    synchronized int retire() {
        retired = true;
        int dropped = pending.size();
        pending.clear();
        handlers.clear();
        return dropped;
    }

    /** @return every handler of the pid, for waiting on outside the lock */
    synchronized List<Subscription> subscriptions() {
        List<Subscription> all = new ArrayList<>();
        handlers.values().forEach(all::addAll);
        return all;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized List<String> pending() {
        return List.copyOf(pending);
    }

    synchronized List<String> handled() {
        return handlers.keySet().stream().sorted().toList();
    }

    synchronized boolean handles(String signal) {
        return handlers.containsKey(signal);
    }
}
