package io.reclaim.api;

import java.time.Instant;
import java.util.List;

/**
 * Where and when a resource was acquired, recorded by the ledger for the leases its type tracks
 * (see {@link Tracking}).
 *
 * @param thread the name of the thread that acquired it
 * @param at when it was acquired
 * @param frames the acquiring stack, innermost first, with the frames of the ledger and of the
 *     resource manager left out: the first frame is the caller's own line
 */
public record AcquisitionSite(String thread, Instant at, List<StackTraceElement> frames) {

    public AcquisitionSite {
        frames = List.copyOf(frames);
    }

    /** @return the caller's frame, e.g. {@code com.example.Job.run(Job.java:42)}, or "unknown" */
    public String caller() {
        return frames.isEmpty() ? "unknown" : frames.get(0).toString();
    }

    /** @return {@code caller} on thread {@code thread} at {@code at}, one line */
    @Override
    public String toString() {
        return caller() + " on thread " + thread + " at " + at;
    }
}
