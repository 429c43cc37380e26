package io.reclaim.management.internal;

/** {@code io.reclaim:type=Events}: what the Event Admin publisher delivered, holds and dropped. */
public interface EventsMBean {

    /** @return events delivered to Event Admin since the publisher started */
    long getDelivered();

    /** @return spawns and ends whose events were dropped since the publisher started, because its queue was full */
    long getDropped();

    /** @return spawns and ends whose events wait in the queue now */
    int getQueued();

    /** @return how many spawns and ends the queue holds */
    int getQueueSize();

    /** @return the share of its time the publisher may spend delivering, in percent */
    int getDeliverySharePercent();
}
