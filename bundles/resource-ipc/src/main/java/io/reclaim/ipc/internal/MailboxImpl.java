package io.reclaim.ipc.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.reclaim.api.Pid;
import io.reclaim.ipc.Mailbox;
import io.reclaim.ipc.MailboxClosedException;
import io.reclaim.ipc.MailboxFullException;
import io.reclaim.ipc.Message;

/**
 * A bounded queue that can be closed: closing hands back what was queued and wakes every waiter,
 * which then fails with {@link MailboxClosedException}. One lock and two conditions, as in
 * {@link java.util.concurrent.ArrayBlockingQueue}, plus the closed state that queue lacks.
 */
final class MailboxImpl implements Mailbox {

    private final Pid owner;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private String closedBecause;

    MailboxImpl(Pid owner, int capacity) {
        this.owner = owner;
        this.capacity = capacity;
    }

    @Override
    public Pid owner() {
        return owner;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closedBecause != null;
        } finally {
            lock.unlock();
        }
    }

    /** Queues without waiting. */
    void offer(Message message) {
        lock.lock();
        try {
            checkOpen();
            if (queue.size() >= capacity) {
                throw new MailboxFullException(owner, capacity);
            }
            enqueue(message);
        } finally {
            lock.unlock();
        }
    }

    /** Queues, waiting up to {@code nanos} for room. */
    void offer(Message message, long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            checkOpen();
            while (queue.size() >= capacity) {
                if (nanos <= 0) {
                    throw new MailboxFullException(owner, capacity);
                }
                nanos = notFull.awaitNanos(nanos);
                checkOpen();
            }
            enqueue(message);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest message, waiting up to {@code nanos} for one. */
    Optional<Message> take(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            checkOpen();
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
                checkOpen();
            }
            Message message = queue.poll();
            notFull.signal();
            return Optional.of(message);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the mailbox for good and wakes every waiter.
     *
     * @return the messages that were still queued, oldest first; empty if it was already closed
     */
    List<Message> close(String reason) {
        lock.lock();
        try {
            if (closedBecause != null) {
                return List.of();
            }
            closedBecause = reason;
            List<Message> undelivered = List.copyOf(queue);
            queue.clear();
            notEmpty.signalAll();
            notFull.signalAll();
            return undelivered;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Message message) {
        queue.add(message);
        notEmpty.signal();
    }

    private void checkOpen() {
        if (closedBecause != null) {
            throw new MailboxClosedException(owner, closedBecause);
        }
    }

    @Override
    public String toString() {
        return "mailbox of pid " + owner + " (capacity " + capacity + ")";
    }
}
