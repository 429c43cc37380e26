package io.reclaim.benchmarks;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An Event Admin that drops every event: what is left is the cost of building and handing them over. */
final class DroppingEventAdmin implements EventAdmin {

    @Override
    public void postEvent(Event event) {
    }

    @Override
    public void sendEvent(Event event) {
    }
}
