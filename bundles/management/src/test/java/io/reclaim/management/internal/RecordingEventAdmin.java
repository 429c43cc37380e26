package io.reclaim.management.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * An Event Admin that records what it is given and on which thread; {@link #block()} makes
 * {@code postEvent} wait, as a saturated or dead-locked Event Admin would.
 */
final class RecordingEventAdmin implements EventAdmin {

    record Posted(Event event, String thread, boolean sent) {
    }

    final List<Posted> posted = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    void block() {
        gate = new CountDownLatch(1);
    }

    void unblock() {
        gate.countDown();
    }

    @Override
    public void postEvent(Event event) {
        posted.add(new Posted(event, Thread.currentThread().getName(), false));
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void sendEvent(Event event) {
        posted.add(new Posted(event, Thread.currentThread().getName(), true));
    }

    List<Event> topic(String topic) {
        return posted.stream().map(Posted::event).filter(e -> e.getTopic().equals(topic)).toList();
    }
}
