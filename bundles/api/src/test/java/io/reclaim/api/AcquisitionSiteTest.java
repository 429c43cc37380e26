package io.reclaim.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Test;

import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceLedger;

/** Outside the ledger's package, as every caller of a ledger is. */
public class AcquisitionSiteTest {

    private final ConcurrentHashMap<Pid, ProcessState> table = new ConcurrentHashMap<>();
    private final ResourceLedger<Object> ledger = new ResourceLedger<>("things", table::get, thing -> { }, thing -> 0);

    @Test
    public void aTrackedResourceNamesTheLineThatAcquiredIt() {
        ledger.configureTracking(Tracking.ALL, 1);
        Pid pid = Pid.of(1);
        table.put(pid, ProcessState.RUNNING);
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Lease<Object> lease = ledger.track(pid, new Object());

        AcquisitionSite site = ledger.site(lease).orElseThrow();
        StackTraceElement caller = site.frames().get(0);
        assertEquals(getClass().getName(), caller.getClassName());
        assertEquals("aTrackedResourceNamesTheLineThatAcquiredIt", caller.getMethodName());
        assertEquals(line, caller.getLineNumber());
        assertEquals(Thread.currentThread().getName(), site.thread());
        assertTrue(site.toString(), site.toString().startsWith(caller.toString() + " on thread "));

        List<HeldResource> held = ledger.describe(pid);
        assertEquals(1, held.size());
        assertEquals(site, held.get(0).site().orElseThrow());
        assertTrue(held.get(0).heldFor().isPresent());
    }
}
