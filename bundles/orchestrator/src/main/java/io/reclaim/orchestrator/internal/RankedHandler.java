package io.reclaim.orchestrator.internal;

/** A handler at its current rank: one element of the cleanup order. */
record RankedHandler(HandlerRank rank, Handler handler) implements Comparable<RankedHandler> {

    @Override
    public int compareTo(RankedHandler other) {
        return rank.compareTo(other.rank);
    }
}
