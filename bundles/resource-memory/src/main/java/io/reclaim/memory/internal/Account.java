package io.reclaim.memory.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.Pid;
import io.reclaim.memory.MemoryQuotaExceededException;

/**
 * The bytes one pid holds, kept with one atomic counter so that concurrent allocations of the
 * pid never pass its quota together and take no lock.
 *
 * <p>An idle account can be retired; a retired account accepts no reservation, so whoever still
 * holds it fetches a fresh one and no allocation is ever counted against an account that is
 * gone.
 */
final class Account {

    private static final long RETIRED = Long.MIN_VALUE;
    private static final long DEFAULT = -1;

    private final AtomicLong used = new AtomicLong();
    private final long ownQuota;

    /** @param ownQuota the pid's own quota, or a negative number if the default applies */
    Account(long ownQuota) {
        this.ownQuota = ownQuota < 0 ? DEFAULT : ownQuota;
    }

    long quota(long defaultQuota) {
        return ownQuota == DEFAULT ? defaultQuota : ownQuota;
    }

    /**
     * @return true if the bytes are now counted; false if the account is retired
     * @throws MemoryQuotaExceededException if they would not fit; nothing is counted
     */
    boolean tryReserve(Pid pid, long bytes, long quota) {
        for (;;) {
            long current = used.get();
            if (current == RETIRED) {
                return false;
            }
            if (bytes > quota - current) {
                throw new MemoryQuotaExceededException(pid, bytes, current, quota);
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** @return the bytes still held afterwards */
    long release(long bytes) {
        return used.addAndGet(-bytes);
    }

    /** @return true if the account held nothing and is now retired */
    boolean retireIfIdle() {
        return used.compareAndSet(0, RETIRED);
    }

    long used() {
        long current = used.get();
        return current == RETIRED ? 0 : current;
    }
}
