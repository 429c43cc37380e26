package io.reclaim.memory.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.memory.MemoryQuotaExceededException;

public class AccountsTest {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Accounts accounts = new Accounts(states::get, pid -> {
        lookups.incrementAndGet();
        return OptionalLong.empty();
    }, 100);
    private final Pid pid = Pid.of(1);

    @Test
    public void aPidsQuotaIsLookedUpOnceWhileItHoldsAnAccount() {
        states.put(pid, ProcessState.RUNNING);

        accounts.reserve(pid, 10).take();
        accounts.reserve(pid, 10).take();

        assertEquals(1, lookups.get());
        assertEquals(20, accounts.used(pid));
    }

    @Test
    public void aCancelledReservationGivesItsBytesBack() {
        states.put(pid, ProcessState.RUNNING);
        Reservation reservation = accounts.reserve(pid, 60);

        reservation.cancelUnlessTaken();

        assertEquals(0, accounts.used(pid));
        accounts.reserve(pid, 100).take();
        assertThrows(MemoryQuotaExceededException.class, () -> accounts.reserve(pid, 1));
    }

    @Test
    public void aTakenReservationIsGivenBackOnlyWhenSettled() {
        states.put(pid, ProcessState.RUNNING);
        Reservation reservation = accounts.reserve(pid, 60).take();

        reservation.cancelUnlessTaken();
        assertEquals(60, accounts.used(pid));

        reservation.settle();
        assertEquals(0, accounts.used(pid));
    }

    @Test
    public void anAccountIsRetiredOnlyWhenIdleAndANewOneLooksTheQuotaUpAfresh() {
        states.put(pid, ProcessState.RUNNING);
        Reservation held = accounts.reserve(pid, 30).take();

        accounts.retireIdle(pid);
        assertEquals("an account holding bytes stays", 1, accounts.size());

        held.settle();
        accounts.retireIdle(pid);
        assertEquals(0, accounts.size());

        accounts.reserve(pid, 30).take();
        assertEquals(2, lookups.get());
    }

    @Test
    public void theLastBytesOfAStoppedPidTakeItsAccountAway() {
        states.put(pid, ProcessState.RUNNING);
        Reservation first = accounts.reserve(pid, 30).take();
        Reservation second = accounts.reserve(pid, 30).take();
        states.put(pid, ProcessState.TERMINATING);

        first.settle();
        assertEquals(1, accounts.size());
        second.settle();

        assertEquals(0, accounts.size());
        assertEquals(0, accounts.used(pid));
    }

    @Test
    public void aRetiredAccountIsNeverReservedAgainst() {
        Account retired = new Account(-1);
        retired.retireIfIdle();

        assertFalse(retired.tryReserve(pid, 1, 100));
        assertEquals(0, retired.used());
    }

    @Test
    public void anAccountInUseCannotBeRetired() {
        Account account = new Account(-1);
        assertTrue(account.tryReserve(pid, 100, 100));

        assertFalse(account.retireIfIdle());
        assertThrows(MemoryQuotaExceededException.class, () -> account.tryReserve(pid, 1, 100));
        assertEquals(0, account.release(100));
        assertTrue(account.retireIfIdle());
    }
}
