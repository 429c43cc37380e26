package io.reclaim.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.TerminationListener;

/**
 * The listeners told when a process starts to terminate. Whatever one throws, an {@code Error}
 * included, is recorded against that listener and the others are still told: a listener is
 * another bundle's code and must not decide whether a process's resources are released.
 */
public final class TerminationListeners {

    /** The resource type under which a failed listener appears in a cleanup result. */
    static final String TYPE = "termination-listener";

    private static final Logger LOG = LoggerFactory.getLogger(TerminationListeners.class);

    private final List<TerminationListener> listeners = new CopyOnWriteArrayList<>();

    public void add(TerminationListener listener) {
        listeners.add(listener);
    }

    public void remove(TerminationListener listener) {
        listeners.remove(listener);
    }

    /** @return one failed outcome per listener that threw, empty when all returned normally */
    List<HandlerOutcome> terminating(Pid pid, Duration grace) {
        List<HandlerOutcome> failures = List.of();
        for (TerminationListener listener : listeners) {
            long start = System.nanoTime();
            try {
                listener.terminating(pid, grace);
            } catch (Throwable e) { // even a VirtualMachineError: the cleanup that follows must run
                LOG.error("termination listener {} failed for pid {}; its cleanup goes on", listener, pid, e);
                if (failures.isEmpty()) {
                    failures = new ArrayList<>(1);
                }
                failures.add(new HandlerOutcome(TYPE, 0, -1, CleanupStats.NONE,
                        Duration.ofNanos(System.nanoTime() - start), "listener " + listener + " threw " + e));
            }
        }
        return failures;
    }
}
