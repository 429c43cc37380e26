package io.reclaim.memory.internal;

import io.reclaim.api.Pid;

/**
 * Bytes counted against a pid's quota before the memory exists. An allocation takes the
 * reservation over and gives it back when it is freed; an allocation that never came to be
 * cancels it. Used by one thread at a time: the allocating one, then the one that frees.
 */
final class Reservation {

    private final Accounts accounts;
    private final Pid pid;
    private final Account account;
    private final int bytes;
    private boolean taken;

    Reservation(Accounts accounts, Pid pid, Account account, int bytes) {
        this.accounts = accounts;
        this.pid = pid;
        this.account = account;
        this.bytes = bytes;
    }

    /** Hands the reservation to the allocation that now holds the memory. */
    Reservation take() {
        taken = true;
        return this;
    }

    /** Gives the bytes back unless an allocation took them over. */
    void cancelUnlessTaken() {
        if (!taken) {
            accounts.release(pid, account, bytes);
        }
    }

    /** Gives back the bytes of an allocation that has been freed. */
    void settle() {
        accounts.release(pid, account, bytes);
    }
}
