package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.Test;

import io.reclaim.api.Pid;

public class HoldingsTest {

    private static final Pid PID = Pid.of(1);
    private final ResourceLedger<Object> ledger = new ResourceLedger<>("things", pid -> null, thing -> { }, thing -> 0);

    private Lease<Object> lease() {
        return new Lease<>(PID, new Object(), ledger);
    }

    @Test
    public void agreesWithAnIdentitySetWhileItHoldsFewEnoughToStayPacked() {
        agreesWithAnIdentitySet(new Random(3), 50_000, Holdings.LINEAR);
    }

    @Test
    public void agreesWithAnIdentitySetThroughGrowingAndShrinking() {
        agreesWithAnIdentitySet(new Random(7), 200_000, Integer.MAX_VALUE);
    }

    private void agreesWithAnIdentitySet(Random random, int steps, int most) {
        Lease<?> first = lease();
        Lease<?> second = lease();
        Holdings holdings = new Holdings(first, second);
        Set<Lease<?>> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        expected.add(first);
        expected.add(second);
        List<Lease<?>> everMade = new ArrayList<>(List.of(first, second));
        for (int step = 0; step < steps; step++) {
            // phases that grow to thousands and shrink to a few, so both rehashes run
            boolean growing = (step / 20_000) % 2 == 0;
            boolean add = random.nextInt(100) < (growing ? 70 : 25) || expected.size() <= 1;
            if (add && expected.size() < most) {
                Lease<?> lease = lease();
                everMade.add(lease);
                assertTrue(holdings.add(lease));
                expected.add(lease);
            } else {
                Lease<?> lease = everMade.get(random.nextInt(everMade.size()));
                Holdings.Taken taken = holdings.take(lease);
                assertEquals(expected.remove(lease) ? Holdings.Taken.TAKEN : Holdings.Taken.ABSENT, taken);
            }
            if (step % 997 == 0) {
                for (Lease<?> lease : everMade) {
                    assertEquals(expected.contains(lease), holdings.contains(lease));
                }
                assertEquals(expected.size(), holdings.snapshot().length);
            }
        }
        Lease<?>[] all = holdings.seal();
        assertEquals(expected.size(), all.length);
        for (Lease<?> lease : all) {
            assertTrue(expected.contains(lease));
        }
        assertTrue(holdings.isEmpty());
    }

    @Test
    public void takingTheLastLeaseSealsThem() {
        Lease<?> first = lease();
        Lease<?> second = lease();
        Holdings holdings = new Holdings(first, second);

        assertSame(Holdings.Taken.TAKEN, holdings.take(first));
        assertSame(Holdings.Taken.ABSENT, holdings.take(first));
        assertSame(Holdings.Taken.EMPTIED, holdings.take(second));

        assertFalse("an emptied holdings refuses leases, so none can land where no one looks", holdings.add(lease()));
    }

    @Test
    public void aSealedHoldingsHandsOverEveryLeaseOnceAndRefusesMore() {
        Holdings holdings = new Holdings(lease(), lease());
        holdings.add(lease());

        assertEquals(3, holdings.seal().length);
        assertEquals(0, holdings.seal().length);
        assertFalse(holdings.add(lease()));
    }
}
