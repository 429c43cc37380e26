package io.reclaim.api.ledger;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToLongFunction;

import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceUsage;

/**
 * What one pid holds in one ledger once it holds more than one resource: an identity set of its
 * leases, so adding, taking and looking up a lease are O(1) and a sweep takes them all at once,
 * in the order they were added (each lease is numbered as it comes in). Up to {@value #LINEAR}
 * leases it is a packed array in that order, searched from end to end, which for so few beats
 * hashing (no identity hash to compute); beyond, a hash table (open addressing, linear probing,
 * no tombstones).
 *
 * <p>Guarded by this object's monitor, which only threads of the same pid acquiring or releasing
 * resources of the same type at the same moment ever share. Once sealed (by a sweep, or on
 * becoming empty) it refuses every lease, and the adder starts over at the ledger's map.
 *
 * <p>Per resource it costs one slot of 4 bytes (with compressed references), at a load of at
 * least a half while packed and between an eighth and three quarters while hashed; the lease
 * itself is not part of it.
 */
final class Holdings {

    /** What {@link #take(Lease)} did. */
    enum Taken { ABSENT, TAKEN, EMPTIED }

    /** What {@link #addWithin} did. */
    enum Added { ADDED, SEALED, OVER }

    /** The largest packed array; a longer table is hashed. */
    static final int LINEAR = 16;
    private static final int SMALLEST_HASHED = 4 * LINEAR;
    private static final Comparator<Lease<?>> ORDER = Comparator.comparingInt(lease -> lease.order);

    private Lease<?>[] table; // packed in [0, size), in the order added, while its length is at most LINEAR
    private int size;
    /** The {@link Lease#order} the next lease added gets. */
    private int next;
    private boolean sealed;
    /** The bytes of the leases held, kept from the first byte-limited addition on; -1 before. */
    private long bytes = -1;

    /** A pid's holdings from its first two leases on. */
    Holdings(Lease<?> first, Lease<?> second) {
        first.order = 0;
        second.order = 1;
        next = 2;
        table = new Lease<?>[] {first, second, null, null};
        size = 2;
    }

    /** @return false if sealed: the adder must look the pid up again */
    synchronized boolean add(Lease<?> lease) {
        if (sealed) {
            return false;
        }
        lease.order = next++;
        if (isLinear()) {
            if (size < table.length) {
                table[size++] = lease;
                return true;
            }
            if (table.length < LINEAR) {
                table = Arrays.copyOf(table, table.length << 1);
                table[size++] = lease;
                return true;
            }
            rehash(SMALLEST_HASHED);
        } else if (size + 1 > table.length - (table.length >> 2)) {
            rehash(table.length << 1);
        }
        insert(lease);
        size++;
        return true;
    }

    /**
     * Adds a lease unless that takes the holdings past {@code limit}.
     *
     * @param size the lease's size in bytes
     * @param sizeOf the size of a lease held, to count the bytes on the first byte-limited addition
     */
    synchronized Added addWithin(Lease<?> lease, long leaseBytes, ResourceLimit limit,
            ToLongFunction<Lease<?>> sizeOf) {
        if (sealed) {
            return Added.SEALED;
        }
        if (limit.bytes() != Long.MAX_VALUE && bytes < 0) {
            bytes = sum(sizeOf);
        }
        if (!limit.admits(new ResourceUsage(size, Math.max(bytes, 0)), leaseBytes)) {
            return Added.OVER;
        }
        add(lease);
        if (bytes >= 0) {
            bytes += leaseBytes;
        }
        return Added.ADDED;
    }

    /** @return the number of leases held, in O(1) */
    synchronized int size() {
        return size;
    }

    /** @return the bytes held, or -1 if a size lookup failed (then no byte limit can be kept) */
    private long sum(ToLongFunction<Lease<?>> sizeOf) {
        long sum = 0;
        try {
            for (Lease<?> held : collect()) {
                sum += sizeOf.applyAsLong(held);
            }
            return sum;
        } catch (Throwable e) { // another bundle's size lookup: the count limit still holds
            return -1;
        }
    }

    /**
     * Takes a lease out. Taking the last one seals the holdings, and the caller must then remove
     * them from the ledger's map.
     */
    synchronized Taken take(Lease<?> lease) {
        return take(lease, null);
    }

    /** As {@link #take(Lease)}; {@code sizeOf} keeps the bytes counted if they are kept. */
    synchronized Taken take(Lease<?> lease, ToLongFunction<Lease<?>> sizeOf) {
        int i = indexOf(lease);
        if (i < 0) {
            return Taken.ABSENT;
        }
        if (bytes >= 0) {
            try {
                bytes = sizeOf == null ? -1 : bytes - sizeOf.applyAsLong(lease);
            } catch (Throwable e) { // counted again on the next byte-limited addition
                bytes = -1;
            }
        }
        if (isLinear()) {
            System.arraycopy(table, i + 1, table, i, size - 1 - i); // at most LINEAR: the order stays
            table[size - 1] = null;
        } else {
            delete(i);
        }
        if (--size == 0) {
            sealed = true;
            return Taken.EMPTIED;
        }
        if (table.length > SMALLEST_HASHED && size < table.length >> 3) {
            rehash(table.length >> 1); // a pid that once held many gives the memory back
        }
        return Taken.TAKEN;
    }

    synchronized boolean contains(Lease<?> lease) {
        return indexOf(lease) >= 0;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** @return the leases held now, in the order they were acquired */
    synchronized Lease<?>[] snapshot() {
        return collect();
    }

    /**
     * Seals the holdings and takes every lease out at once, for a sweep that already removed them
     * from the ledger's map: an adder that still found them there either landed before (and is in
     * the result) or is refused.
     */
    synchronized Lease<?>[] seal() {
        sealed = true;
        Lease<?>[] all = collect();
        Arrays.fill(table, null);
        size = 0;
        return all;
    }

    private boolean isLinear() {
        return table.length <= LINEAR;
    }

    /**
     * @return the leases held, in the order they were acquired: a sweep then releases them as they
     *     were taken (closing descriptors in a hash table's order costs the kernel and the caches
     *     about an eighth more than in order), in O(held) while what was taken in between and
     *     released already is at most three times what is held, else sorted
     */
    private Lease<?>[] collect() {
        if (isLinear()) {
            return Arrays.copyOf(table, size);
        }
        Lease<?>[] all = new Lease<?>[size];
        int n = 0;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (Lease<?> lease : table) {
            if (lease != null) {
                all[n++] = lease;
                first = Math.min(first, lease.order);
                last = Math.max(last, lease.order);
            }
        }
        long span = (long) last - first + 1;
        if (span > 4L * size) {
            Arrays.sort(all, ORDER);
            return all;
        }
        Lease<?>[] byOrder = new Lease<?>[(int) span];
        for (Lease<?> lease : all) {
            byOrder[lease.order - first] = lease;
        }
        n = 0;
        for (Lease<?> lease : byOrder) {
            if (lease != null) {
                all[n++] = lease;
            }
        }
        return all;
    }

    private int indexOf(Lease<?> lease) {
        if (isLinear()) {
            for (int i = 0; i < size; i++) {
                if (table[i] == lease) {
                    return i;
                }
            }
            return -1;
        }
        int mask = table.length - 1;
        for (int i = home(lease, mask);; i = (i + 1) & mask) {
            Lease<?> at = table[i];
            if (at == lease) {
                return i;
            }
            if (at == null) {
                return -1;
            }
        }
    }

    private void insert(Lease<?> lease) {
        int mask = table.length - 1;
        int i = home(lease, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = lease;
    }

    /** Empties slot {@code i} and moves later entries of the run back, so lookups need no tombstones. */
    private void delete(int i) {
        int mask = table.length - 1;
        table[i] = null;
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = home(table[j], mask);
            // the entry at j may move to the hole at i unless its home lies cyclically in (i, j]
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                table[i] = table[j];
                table[j] = null;
                i = j;
            }
        }
    }

    private void rehash(int capacity) {
        Lease<?>[] old = table;
        table = new Lease<?>[capacity];
        for (Lease<?> lease : old) {
            if (lease != null) {
                insert(lease);
            }
        }
    }

    private static int home(Lease<?> lease, int mask) {
        int h = System.identityHashCode(lease);
        return (h ^ (h >>> 16)) & mask;
    }
}
