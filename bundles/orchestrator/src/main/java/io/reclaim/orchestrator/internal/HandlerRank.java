package io.reclaim.orchestrator.internal;

/**
 * A handler's place in the cleanup order (DESIGN rule 3): higher {@code service.ranking} first;
 * equal rankings run the later registration first, the seed's LIFO.
 *
 * <p>Deliberately the reverse of {@code ServiceReference.compareTo} and of DS's sorted reference
 * lists, which put the lowest ranking first.
 *
 * <p>A negative id marks a handler registered in plain Java ({@code -1}, {@code -2}, ... in
 * registration order). Among equal rankings such a handler counts as registered after every
 * service, and a later plain registration runs before an earlier one.
 *
 * @param ranking the effective {@code service.ranking}
 * @param serviceId the {@code service.id}, or a negative registration number in plain Java
 */
record HandlerRank(int ranking, long serviceId) implements Comparable<HandlerRank> {

    @Override
    public int compareTo(HandlerRank other) {
        int byRanking = Integer.compare(other.ranking, ranking);
        return byRanking != 0 ? byRanking : compareAge(other.serviceId, serviceId);
    }

    /** @return positive if {@code a} was registered after {@code b} */
    private static int compareAge(long a, long b) {
        boolean plainA = a < 0;
        boolean plainB = b < 0;
        if (plainA != plainB) {
            return plainA ? 1 : -1;
        }
        // service ids grow with time; plain registration numbers grow downwards
        return plainA ? Long.compare(b, a) : Long.compare(a, b);
    }
}
