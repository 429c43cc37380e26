package io.reclaim.process.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.Pid;
import io.reclaim.api.TerminationListener;

/** The listeners told when a process starts to terminate; one that throws does not stop the others. */
public final class TerminationListeners {

    private static final Logger LOG = LoggerFactory.getLogger(TerminationListeners.class);

    private final List<TerminationListener> listeners = new CopyOnWriteArrayList<>();

    public void add(TerminationListener listener) {
        listeners.add(listener);
    }

    public void remove(TerminationListener listener) {
        listeners.remove(listener);
    }

    void terminating(Pid pid, Duration grace) {
        for (TerminationListener listener : listeners) {
            try {
                listener.terminating(pid, grace);
            } catch (RuntimeException e) {
                LOG.warn("termination listener {} failed for pid {}", listener, pid, e);
            }
        }
    }
}
