package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceLimitExceededException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.ResourceLedgerTest.Thing;

public class ResourceLedgerLimitsTest {

    private final ConcurrentHashMap<Pid, ProcessState> table = new ConcurrentHashMap<>();
    private final Map<Pid, ResourceLimit> own = new ConcurrentHashMap<>();
    private final ProcessGate gate = new ProcessGate() {
        @Override
        public ProcessState state(Pid pid) {
            return table.get(pid);
        }

        @Override
        public ResourceLimit limit(Pid pid, String type) {
            return own.get(pid);
        }
    };
    private final ResourceLedger<Thing> ledger = new ResourceLedger<>("things", gate,
            thing -> thing.releases.incrementAndGet(), thing -> thing.size);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    private Pid running(long value) {
        Pid pid = Pid.of(value);
        table.put(pid, ProcessState.RUNNING);
        return pid;
    }

    @Test
    public void aPidAtItsCountLimitIsRefusedBeforeAnythingOpensAndHoldsExactlyTheLimit() {
        ledger.configureLimit(new ResourceLimit(3, Long.MAX_VALUE));
        Pid pid = running(7);
        AtomicInteger opened = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            ledger.acquire(pid, () -> {
                opened.incrementAndGet();
                return new Thing(1);
            });
        }

        ResourceLimitExceededException refused = assertThrows(ResourceLimitExceededException.class,
                () -> ledger.acquire(pid, () -> {
                    opened.incrementAndGet();
                    return new Thing(1);
                }));

        assertEquals(3, opened.get());
        assertEquals(3, ledger.usage(pid).count());
        assertEquals(pid, refused.pid());
        assertEquals("things", refused.type());
        assertEquals(3, refused.held().count());
        assertEquals("pid 7 holds 3 things, its limit is 3: refused", refused.getMessage());
    }

    @Test
    public void aByteLimitRefusesWhatWouldTakeThePidPastItAndReleasesWhatWasOpened() {
        ledger.configureLimit(new ResourceLimit(Long.MAX_VALUE, 100));
        Pid pid = running(1);
        Lease<Thing> first = ledger.track(pid, new Thing(40));
        ledger.track(pid, new Thing(40));
        Thing third = new Thing(40);

        ResourceLimitExceededException refused = assertThrows(ResourceLimitExceededException.class,
                () -> ledger.track(pid, third));

        assertEquals(1, third.releases.get());
        assertEquals(new ResourceUsage(2, 80), ledger.usage(pid));
        assertEquals(new ResourceUsage(2, 80), refused.held());
        assertTrue(refused.getMessage(), refused.getMessage().contains("2 (80 bytes) things"));
        ledger.release(pid, first);
        ledger.track(pid, new Thing(60));
        assertEquals(new ResourceUsage(2, 100), ledger.usage(pid));
        assertThrows(ResourceLimitExceededException.class, () -> ledger.track(pid, new Thing(1)));
    }

    @Test
    public void aPidsOwnLimitReplacesTheTypesDefault() {
        ledger.configureLimit(new ResourceLimit(1, Long.MAX_VALUE));
        Pid limited = running(1);
        Pid generous = running(2);
        own.put(generous, new ResourceLimit(5, Long.MAX_VALUE));

        ledger.track(limited, new Thing(1));
        assertThrows(ResourceLimitExceededException.class, () -> ledger.track(limited, new Thing(1)));
        for (int i = 0; i < 5; i++) {
            ledger.track(generous, new Thing(1));
        }
        assertThrows(ResourceLimitExceededException.class, () -> ledger.track(generous, new Thing(1)));
    }

    @Test
    public void threadsOfOnePidRacingForTheLastSlotsNeverTakeItPastItsLimit() throws Exception {
        ledger.configureLimit(new ResourceLimit(50, 500));
        Pid pid = running(1);
        List<Thing> refused = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> racers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            racers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    Thing thing = new Thing(1 + i % 20);
                    try {
                        ledger.track(pid, thing);
                    } catch (ResourceLimitExceededException e) {
                        refused.add(thing);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> racer : racers) {
            racer.get(30, TimeUnit.SECONDS);
        }

        ResourceUsage held = ledger.usage(pid);
        assertTrue(held.toString(), held.count() <= 50 && held.bytes() <= 500);
        assertEquals(400, held.count() + refused.size());
        refused.forEach(thing -> assertEquals(1, thing.releases.get()));
    }

    @Test
    public void aTransferPastTheTargetsLimitLeavesTheResourceWithItsOwner() {
        ledger.allowTransfers(true);
        Pid from = running(1);
        Pid to = running(2);
        own.put(to, new ResourceLimit(0, Long.MAX_VALUE));
        Lease<Thing> lease = ledger.track(from, new Thing(1));

        assertThrows(ResourceLimitExceededException.class, () -> ledger.transfer(from, to, lease));

        assertTrue(lease.isHeld());
        assertEquals(0, ledger.usage(to).count());
    }

    @Test
    public void aProcessSetsItsOwnLimitsThroughItsSpecAndAMalformedOneIsNamed() {
        ProcessSpec spec = ProcessSpec.named("job").withProperty("limit.files.count", "10")
                .withProperty("limit.memory.bytes", "4096").withProperty("other", "x");

        Map<String, ResourceLimit> limits = ResourceLimit.of(spec);

        assertEquals(new ResourceLimit(10, Long.MAX_VALUE), limits.get("files"));
        assertEquals(new ResourceLimit(Long.MAX_VALUE, 4096), limits.get("memory"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ResourceLimit.of(ProcessSpec.named("x").withProperty("limit.files.count", "-1")));
        assertEquals("limit.files.count must be a whole number of at least 0, not '-1'", bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ResourceLimit.of(ProcessSpec.named("x").withProperty("limit.files", "3")));
    }
}
