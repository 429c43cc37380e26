package io.reclaim.management.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * An Event Admin that records what it is given and on which thread; {@link #block()} makes each
 * delivery wait, as a stuck subscriber or a dead-locked Event Admin would, and
 * {@link #takeEach(long)} makes each take a while, as a slow subscriber would.
 */
final class RecordingEventAdmin implements EventAdmin {

    record Posted(Event event, String thread, boolean sent) {
    }

    final List<Posted> posted = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile long millisEach;

    void block() {
        gate = new CountDownLatch(1);
    }

    void unblock() {
        gate.countDown();
    }

    void takeEach(long millis) {
        millisEach = millis;
    }

    @Override
    public void postEvent(Event event) {
        deliver(event, false);
    }

    @Override
    public void sendEvent(Event event) {
        deliver(event, true);
    }

    private void deliver(Event event, boolean sent) {
        posted.add(new Posted(event, Thread.currentThread().getName(), sent));
        try {
            gate.await();
            Thread.sleep(millisEach);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Event> topic(String topic) {
        return posted.stream().map(Posted::event).filter(e -> e.getTopic().equals(topic)).toList();
    }
}
