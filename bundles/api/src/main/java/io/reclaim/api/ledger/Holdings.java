package io.reclaim.api.ledger;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What one pid holds in one ledger. Once sealed by a sweep, every lease added to it is refused
 * by the adder itself, so a sweep and a racing acquisition never both miss a resource.
 */
final class Holdings {

    final String type;
    private final ConcurrentHashMap<Lease<?>, Boolean> leases = new ConcurrentHashMap<>(4);
    private volatile boolean sealed;

    Holdings(String type) {
        this.type = type;
    }

    void add(Lease<?> lease) {
        leases.put(lease, Boolean.TRUE);
    }

    /** @return true if this call took the lease out, so the caller now owns its release */
    boolean take(Lease<?> lease) {
        return leases.remove(lease) != null;
    }

    boolean contains(Lease<?> lease) {
        return leases.containsKey(lease);
    }

    boolean isSealed() {
        return sealed;
    }

    void seal() {
        sealed = true;
    }

    boolean isEmpty() {
        return leases.isEmpty();
    }

    int size() {
        return leases.size();
    }

    Iterable<Lease<?>> leases() {
        return leases.keySet();
    }
}
