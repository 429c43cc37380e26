package io.reclaim.api;

/**
 * What one resource type has seen since its manager started.
 *
 * @param acquired resources tracked for a pid
 * @param released resources released, by their owner or by a cleanup
 * @param bytesReleased the size of what was released
 * @param failures releases that failed
 * @param quarantined native regions held now in quarantine: released while code still pinned
 *     them, freed when their last pin ends
 * @param bytesQuarantined their size in bytes
 */
public record ResourceTotals(long acquired, long released, long bytesReleased, long failures, long quarantined,
        long bytesQuarantined) {

    public static final ResourceTotals UNKNOWN = new ResourceTotals(-1, -1, -1, -1);

    /** Totals of a type that quarantines nothing. */
    public ResourceTotals(long acquired, long released, long bytesReleased, long failures) {
        this(acquired, released, bytesReleased, failures, 0, 0);
    }

    public boolean isKnown() {
        return acquired >= 0;
    }

    /** @return these totals with what is quarantined now */
    public ResourceTotals withQuarantine(long regions, long bytes) {
        return new ResourceTotals(acquired, released, bytesReleased, failures, regions, bytes);
    }
}
