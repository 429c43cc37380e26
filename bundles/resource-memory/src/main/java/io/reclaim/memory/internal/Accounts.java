package io.reclaim.memory.internal;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;

/**
 * The quota book: one {@link Account} per pid that holds or recently held memory. The ledger
 * says who owns which allocation; this says how many bytes each pid holds, in O(1).
 *
 * <p>An account goes away when its pid is cleaned up, or when its last bytes are freed after its
 * pid stopped running, so the book does not grow with process churn.
 */
final class Accounts {

    private final ConcurrentHashMap<Pid, Account> byPid = new ConcurrentHashMap<>();
    private final ProcessGate gate;
    private final Function<Pid, OptionalLong> quotaLookup;
    private volatile long defaultQuota;

    Accounts(ProcessGate gate, Function<Pid, OptionalLong> quotaLookup, long defaultQuota) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.quotaLookup = Objects.requireNonNull(quotaLookup, "quotaLookup");
        this.defaultQuota = defaultQuota;
    }

    void defaultQuota(long bytes) {
        defaultQuota = bytes;
    }

    long defaultQuota() {
        return defaultQuota;
    }

    /**
     * Counts {@code bytes} against {@code pid}'s quota.
     *
     * @throws io.reclaim.memory.MemoryQuotaExceededException if they would not fit
     */
    Reservation reserve(Pid pid, int bytes) {
        for (;;) {
            Account account = byPid.get(pid);
            if (account == null) {
                // looked up outside the map's lock: the lookup may ask the process manager
                Account fresh = new Account(ownQuota(pid));
                account = byPid.putIfAbsent(pid, fresh);
                if (account == null) {
                    account = fresh;
                }
            }
            if (account.tryReserve(pid, bytes, account.quota(defaultQuota))) {
                return new Reservation(this, pid, account, bytes);
            }
            byPid.remove(pid, account); // retired under us: make room for a fresh one
        }
    }

    /** Gives back bytes counted by {@link #reserve}. */
    void release(Pid pid, Account account, long bytes) {
        if (account.release(bytes) == 0 && !gate.admits(pid)) {
            retire(pid, account);
        }
    }

    /** Drops the pid's account if it holds nothing, so its quota is looked up afresh next time. */
    void retireIdle(Pid pid) {
        Account account = byPid.get(pid);
        if (account != null) {
            retire(pid, account);
        }
    }

    void retireAllIdle() {
        byPid.forEach(this::retire);
    }

    long used(Pid pid) {
        Account account = byPid.get(pid);
        return account == null ? 0 : account.used();
    }

    long quota(Pid pid) {
        Account account = byPid.get(pid);
        return account != null ? account.quota(defaultQuota) : quotaLookup.apply(pid).orElse(defaultQuota);
    }

    /** @return how many pids have an account; for tests of the book's upkeep */
    int size() {
        return byPid.size();
    }

    private long ownQuota(Pid pid) {
        return quotaLookup.apply(pid).orElse(-1);
    }

    private void retire(Pid pid, Account account) {
        if (account.retireIfIdle()) {
            byPid.remove(pid, account);
        }
    }
}
