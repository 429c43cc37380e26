package io.reclaim.process.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessListener;

/**
 * The listeners told of every spawn and every end. A listener is another bundle's code: whatever
 * it throws, an {@code Error} included, is logged against it and the process and the other
 * listeners carry on.
 */
public final class ProcessListeners {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessListeners.class);

    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ProcessListener listener) {
        listeners.add(listener);
    }

    public void remove(ProcessListener listener) {
        listeners.remove(listener);
    }

    void spawned(ProcessInfo process) {
        for (ProcessListener listener : listeners) {
            try {
                listener.spawned(process);
            } catch (Throwable e) { // another bundle's code must not fail a spawn that succeeded
                LOG.error("process listener {} failed on the spawn of pid {}", listener, process.pid(), e);
            }
        }
    }

    void ended(ProcessInfo process) {
        for (ProcessListener listener : listeners) {
            try {
                listener.ended(process);
            } catch (Throwable e) { // the process has ended and been released whatever a listener does
                LOG.error("process listener {} failed on the end of pid {}", listener, process.pid(), e);
            }
        }
    }
}
