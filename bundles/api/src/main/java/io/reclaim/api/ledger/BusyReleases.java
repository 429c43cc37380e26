package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.reclaim.api.CleanupStats;

/**
 * The resources a sweep released while another thread was still busy with them (a task running,
 * a timer firing), and the bounded wait for that work to end before the sweep reports.
 *
 * <p>A manager's release calls {@link #busy} for a resource it cancelled but that is still in
 * use; its {@code cleanup} and {@code close} run the ledger's sweep through {@link #sweep}. After
 * the sweep, each busy resource is given what is left of one shared wait; one still busy then is
 * counted as an error instead of as freed, with the message {@code describe} gives it. An
 * interrupt of the waiting thread ends the wait and is restored.
 *
 * @param <R> the resource type
 */
public final class BusyReleases<R> {

    /** Waits for one resource to be done. */
    @FunctionalInterface
    public interface Await<R> {
        /** @return whether {@code resource} is done, waiting up to {@code nanos} (0 or less: not at all) */
        boolean done(R resource, long nanos) throws InterruptedException;
    }

    private final ThreadLocal<List<R>> swept = new ThreadLocal<>();
    private final Await<? super R> await;
    private final BiFunction<? super R, Duration, String> describe;

    /**
     * @param await waits for one resource to be done
     * @param describe the error of a resource still busy after the wait, given the wait
     */
    public BusyReleases(Await<? super R> await, BiFunction<? super R, Duration, String> describe) {
        this.await = Objects.requireNonNull(await, "await");
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    /** @return whether the calling thread is releasing inside {@link #sweep} (not an owner's own release) */
    public boolean sweeping() {
        return swept.get() != null;
    }

    /**
     * @return what the calling thread's running sweep has noted busy so far, in the order noted;
     *     empty outside a sweep. A manager that must act on them once the sweep has released
     *     everything else (interrupt them all at once, say) finds them here.
     */
    public List<R> noted() {
        List<R> busy = swept.get();
        return busy == null ? List.of() : Collections.unmodifiableList(busy);
    }

    /** Notes a resource the running sweep released while it is still in use; outside a sweep, nothing. */
    public void busy(R resource) {
        List<R> busy = swept.get();
        if (busy != null) {
            busy.add(resource);
        }
    }

    /**
     * Runs {@code sweep} and then waits, up to {@code wait} in all, for the resources it noted busy.
     *
     * @return the sweep's stats, each resource still busy moved from freed to errors
     */
    public CleanupStats sweep(Supplier<CleanupStats> sweep, Duration wait) {
        List<R> busy = new ArrayList<>();
        swept.set(busy);
        CleanupStats stats;
        try {
            stats = sweep.get();
        } finally {
            swept.remove();
        }
        if (busy.isEmpty()) {
            return stats;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> stuck = new ArrayList<>();
        boolean interrupted = false;
        for (R resource : busy) {
            boolean done;
            try {
                done = await.done(resource, interrupted ? 0 : deadline - System.nanoTime());
            } catch (InterruptedException e) {
                interrupted = true; // the caller gave up on this cleanup: report, wait no longer
                done = false;
            }
            if (!done) {
                stuck.add(describe.apply(resource, wait));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (stuck.isEmpty()) {
            return stats;
        }
        List<String> errors = new ArrayList<>(stats.errors());
        errors.addAll(stuck);
        return new CleanupStats(stats.resourcesFreed() - stuck.size(), stats.bytesFreed(),
                stats.errorsEncountered() + stuck.size(), errors, stats.resourcesQuarantined(), stats.bytesQuarantined());
    }
}
