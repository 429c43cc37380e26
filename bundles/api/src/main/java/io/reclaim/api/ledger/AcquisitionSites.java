package io.reclaim.api.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.reclaim.api.AcquisitionSite;
import io.reclaim.api.Tracking;

/**
 * Where the leases of one ledger were acquired, for those its {@link Tracking} level records.
 *
 * <p>The sites live beside the leases, in a map of their own, so a lease stays three references
 * and a type that tracks nothing pays one volatile read per acquisition. A release forgets the
 * lease's site only once a site was ever recorded.
 */
final class AcquisitionSites {

    /** Frames kept per site: enough to find the caller's own code behind a framework or two. */
    private static final int DEPTH = 16;
    private static final String LEDGER = AcquisitionSites.class.getPackageName();

    private volatile String manager;
    private final ConcurrentHashMap<Lease<?>, Capture> sites = new ConcurrentHashMap<>();
    private volatile Tracking level = Tracking.OFF;
    private volatile int sample = Tracking.DEFAULT_SAMPLE;
    private volatile boolean used;

    /** @param manager the package of the resource manager, whose frames a site leaves out */
    void leaveOut(String manager) {
        this.manager = manager;
    }

    void configure(Tracking level, int sample) {
        if (sample < 1) {
            throw new IllegalArgumentException("the tracking sample must be 1 or more, not " + sample);
        }
        this.sample = sample;
        this.level = level;
    }

    Tracking level() {
        return level;
    }

    int sample() {
        return sample;
    }

    /** On the acquisition path: costs one volatile read unless this lease is to be recorded. */
    void record(Lease<?> lease) {
        Tracking now = level;
        if (now == Tracking.OFF
                || now == Tracking.SAMPLED && ThreadLocalRandom.current().nextInt(sample) != 0) {
            return;
        }
        used = true;
        sites.put(lease, capture());
    }

    /**
     * Sampled, the map is empty nearly always: looking a lease up in it would hash the lease's
     * identity for nothing. A lease is recorded before it is placed in the ledger, so a lease
     * that can be forgotten was recorded already, if at all, and the map is not empty then.
     */
    void forget(Lease<?> lease) {
        if (used && !sites.isEmpty()) {
            sites.remove(lease);
        }
    }

    /** The resource moved to another pid's lease: its site goes with it. */
    void moved(Lease<?> from, Lease<?> to) {
        if (used && !sites.isEmpty()) {
            Capture site = sites.remove(from);
            if (site != null) {
                sites.put(to, site);
            }
        }
    }

    Optional<AcquisitionSite> of(Lease<?> lease) {
        Capture capture = used && !sites.isEmpty() ? sites.get(lease) : null;
        return capture == null ? Optional.empty() : Optional.of(capture.site());
    }

    /**
     * What the acquisition path records: a throwable, whose native stack walk is the cheapest
     * capture the JVM offers (as leak detectors do). Turning the frames into stack trace elements
     * costs most of a capture, and only a report needs it, so that waits until a site is read.
     */
    private final class Capture extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String thread = Thread.currentThread().getName();
        private final long at = System.currentTimeMillis();

        Capture() {
            super(null, null, false, true);
        }

        AcquisitionSite site() {
            List<StackTraceElement> frames = new ArrayList<>(DEPTH);
            boolean caller = false;
            for (StackTraceElement frame : getStackTrace()) {
                caller = caller || !isPlatform(frame.getClassName());
                if (caller) {
                    frames.add(frame);
                    if (frames.size() == DEPTH) {
                        break;
                    }
                }
            }
            return new AcquisitionSite(thread, Instant.ofEpochMilli(at), frames);
        }
    }

    private Capture capture() {
        return new Capture();
    }

    private boolean isPlatform(String type) {
        String leftOut = manager;
        return inPackage(type, LEDGER) || leftOut != null && inPackage(type, leftOut);
    }

    private static boolean inPackage(String type, String pkg) {
        return type.startsWith(pkg) && type.lastIndexOf('.') == pkg.length();
    }
}
