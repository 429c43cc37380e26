package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Test;

import io.reclaim.api.HeldResource;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.Tracking;
import io.reclaim.api.ledger.ResourceLedgerTest.Thing;

public class ResourceLedgerTrackingTest {

    private final ConcurrentHashMap<Pid, ProcessState> table = new ConcurrentHashMap<>();
    private final ResourceLedger<Thing> ledger = new ResourceLedger<>("things", table::get,
            thing -> thing.releases.incrementAndGet(), thing -> thing.size);

    private Pid running(long value) {
        Pid pid = Pid.of(value);
        table.put(pid, ProcessState.RUNNING);
        return pid;
    }

    @Test
    public void anUntrackedTypeRecordsNoSiteAndNoAge() {
        Pid pid = running(1);
        Lease<Thing> lease = ledger.track(pid, new Thing(1));

        assertEquals(Tracking.OFF, ledger.tracking());
        assertFalse(ledger.site(lease).isPresent());
        HeldResource held = ledger.describe(pid).get(0);
        assertFalse(held.site().isPresent());
        assertFalse(held.heldFor().isPresent());
    }

    @Test
    public void sampledTrackingRecordsAboutOneAcquisitionInN() {
        ledger.configureTracking(Tracking.SAMPLED, 8);
        Pid pid = running(1);
        int recorded = 0;
        for (int i = 0; i < 8_000; i++) {
            if (ledger.site(ledger.track(pid, new Thing(1))).isPresent()) {
                recorded++;
            }
        }
        // binomial(8000, 1/8): mean 1000, standard deviation about 30
        assertTrue("recorded " + recorded, recorded > 800 && recorded < 1200);
    }

    @Test
    public void aReleasedOrSweptResourceForgetsItsSite() {
        ledger.configureTracking(Tracking.ALL, 1);
        Pid pid = running(1);
        Lease<Thing> released = ledger.track(pid, new Thing(1));
        Lease<Thing> swept = ledger.track(pid, new Thing(1));

        ledger.release(pid, released);
        ledger.cleanup(pid);

        assertFalse(ledger.site(released).isPresent());
        assertFalse(ledger.site(swept).isPresent());
    }

    @Test
    public void aSampleBelowOneIsRefusedAndTheLevelStays() {
        ledger.configureTracking(Tracking.ALL, 1);
        assertThrows(IllegalArgumentException.class, () -> ledger.configureTracking(Tracking.SAMPLED, 0));
        assertEquals(Tracking.ALL, ledger.tracking());
        assertThrows(IllegalArgumentException.class, () -> Tracking.parse("sometimes"));
        assertEquals(Tracking.SAMPLED, Tracking.parse(" Sampled "));
    }

    @Test
    public void resourcesHeldPastTheThresholdByARunningPidAreSuspects() throws InterruptedException {
        ledger.reportHeldLongerThan(Duration.ofMillis(50));
        Pid holder = running(1);
        Pid ending = running(2);
        Lease<Thing> old = ledger.track(holder, new Thing(1));
        Lease<Thing> returned = ledger.track(holder, new Thing(1));
        ledger.track(ending, new Thing(1));
        Thread.sleep(100);
        Lease<Thing> young = ledger.track(holder, new Thing(1));
        ledger.release(holder, returned);
        table.put(ending, ProcessState.TERMINATING);

        List<HeldResource> suspects = ledger.heldTooLong();

        assertEquals(1, suspects.size());
        assertEquals(holder, suspects.get(0).owner());
        assertTrue(suspects.get(0).heldFor().orElseThrow().toMillis() >= 50);
        assertTrue(young.isHeld());

        ledger.release(holder, old);
        assertEquals(List.of(), ledger.heldTooLong());
    }

    @Test
    public void withoutAThresholdNothingIsStampedOrReported() throws InterruptedException {
        Pid pid = running(1);
        ledger.track(pid, new Thing(1));
        Thread.sleep(5);
        assertEquals(List.of(), ledger.heldTooLong());
        assertEquals(Duration.ZERO, ledger.heldTooLongThreshold());
        assertThrows(IllegalArgumentException.class, () -> ledger.reportHeldLongerThan(Duration.ofSeconds(-1)));
    }

    @Test
    public void suspectsStayReportedUntilReleasedAndTheSweepLeavesYoungStampsAlone() throws InterruptedException {
        ledger.reportHeldLongerThan(Duration.ofMillis(40));
        Pid pid = running(1);
        List<Lease<Thing>> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add(ledger.track(pid, new Thing(1)));
        }
        Thread.sleep(80);
        assertEquals(3, ledger.heldTooLong().size());
        assertEquals(3, ledger.heldTooLong().size());
        ledger.release(pid, leases.get(1));
        assertEquals(2, ledger.heldTooLong().size());
    }
}
