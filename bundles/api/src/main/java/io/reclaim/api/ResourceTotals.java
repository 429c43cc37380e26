package io.reclaim.api;

/**
 * What one resource type has seen since its manager started.
 *
 * @param acquired resources tracked for a pid
 * @param released resources released, by their owner or by a cleanup
 * @param bytesReleased the size of what was released
 * @param failures releases that failed
 */
public record ResourceTotals(long acquired, long released, long bytesReleased, long failures) {

    public static final ResourceTotals UNKNOWN = new ResourceTotals(-1, -1, -1, -1);

    public boolean isKnown() {
        return acquired >= 0;
    }
}
