package io.reclaim.benchmarks;

/**
 * A cheap in-memory resource: releasing it is one field write, so a benchmark over items
 * measures the bookkeeping and nothing else.
 */
final class Item {

    private boolean released;

    void release() {
        released = true;
    }

    boolean isReleased() {
        return released;
    }
}
