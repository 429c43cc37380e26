package io.reclaim.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class DeliveryBudgetTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    public void aBusyPublisherSpendsNoMoreThanItsShareOfTheTimeDelivering() {
        DeliveryBudget budget = new DeliveryBudget(10, 0);
        long now = 0;
        long delivering = 0;
        // each delivery takes 1 ms; the publisher waits whenever the budget says so
        for (int i = 0; i < 10_000; i++) {
            long end = now + MS;
            delivering += MS;
            now = end + budget.charge(now, end);
        }
        // the first second's worth (100 ms) comes on top, as a burst; after it, 10%
        double share = (double) (delivering - 100 * MS) / (now - 100 * MS);
        assertEquals(0.10, share, 0.001);
    }

    @Test
    public void aBurstWithinASecondsWorthIsDeliveredWithoutWaiting() {
        DeliveryBudget budget = new DeliveryBudget(10, 0);
        long now = 5_000 * MS;
        int withoutWaiting = 0;
        while (budget.charge(now, now + MS) == 0) {
            now += MS;
            withoutWaiting++;
        }
        // 100 ms of credit, and each 1 ms delivery refills 0.1 ms of it
        assertEquals(111, withoutWaiting);
    }

    @Test
    public void aWaitRefillsExactlyWhatTheOverrunTook() {
        DeliveryBudget budget = new DeliveryBudget(20, 0);
        long wait = budget.charge(0, 300 * MS); // 200 ms of credit, 100 ms over
        assertEquals(500 * MS, wait, 1);
        long after = 300 * MS + wait;
        assertEquals(0, budget.charge(after, after));
    }

    @Test
    public void aShareOfAHundredPercentNeverWaits() {
        DeliveryBudget budget = new DeliveryBudget(100, 0);
        long now = 0;
        for (int i = 0; i < 5_000; i++) {
            assertEquals(0, budget.charge(now, now + MS));
            now += MS;
        }
    }

    @Test
    public void aShareOutsideOneToAHundredIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeliveryBudget(0, 0));
        assertEquals("the delivery share is a percentage from 1 to 100, not 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeliveryBudget(101, 0));
    }
}
