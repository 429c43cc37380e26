package io.reclaim.orchestrator.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.reclaim.api.HandlerInfo;

/**
 * The handlers in cleanup order. Changes are rare (a bundle starts, stops or is re-ranked) and
 * serialised; every change publishes a new sorted array, so a cleanup reads one snapshot without
 * locking and is never disturbed by handlers arriving or leaving meanwhile.
 */
final class HandlerOrder {

    private static final RankedHandler[] NONE = {};

    private final Map<Long, RankedHandler> byId = new HashMap<>(); // guarded by this
    private volatile RankedHandler[] order = NONE;

    /** Adds {@code handler} at {@code ranking}, or moves it there if its id is known. */
    synchronized void put(Handler handler, int ranking) {
        RankedHandler previous = byId.put(handler.id(), new RankedHandler(new HandlerRank(ranking, handler.id()), handler));
        if (previous != null && previous.handler() != handler) {
            previous.handler().markGone();
        }
        publish();
    }

    /** @return whether a handler with this id was known and now stands at {@code ranking} */
    synchronized boolean rerank(long id, int ranking) {
        RankedHandler current = byId.get(id);
        if (current == null) {
            return false;
        }
        if (current.rank().ranking() != ranking) {
            byId.put(id, new RankedHandler(new HandlerRank(ranking, id), current.handler()));
            publish();
        }
        return true;
    }

    /** @return the current ranking of the handler with this id, or {@code null} if it is unknown */
    synchronized Integer rankOf(long id) {
        RankedHandler current = byId.get(id);
        return current == null ? null : current.rank().ranking();
    }

    /** @return the removed handler, or {@code null} if the id was unknown */
    synchronized Handler remove(long id) {
        RankedHandler removed = byId.remove(id);
        if (removed == null) {
            return null;
        }
        removed.handler().markGone();
        publish();
        return removed.handler();
    }

    /** @return the current order; callers must not modify the array */
    RankedHandler[] snapshot() {
        return order;
    }

    List<HandlerInfo> info() {
        RankedHandler[] now = order;
        List<HandlerInfo> info = new ArrayList<>(now.length);
        for (int i = 0; i < now.length; i++) {
            Handler handler = now[i].handler();
            info.add(new HandlerInfo(i + 1, handler.type(), now[i].rank().ranking(), handler.id(), handler.bundle()));
        }
        return List.copyOf(info);
    }

    private void publish() {
        RankedHandler[] sorted = byId.values().toArray(NONE);
        Arrays.sort(sorted);
        order = sorted;
    }
}
