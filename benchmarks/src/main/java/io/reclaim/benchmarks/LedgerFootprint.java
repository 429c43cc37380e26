package io.reclaim.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

import io.reclaim.api.Pid;
import io.reclaim.api.ledger.ResourceLedger;

/**
 * Retained heap of the ledger per tracked resource, beyond the resource object itself, with 1M
 * resources tracked. Measured two ways:
 * <ul>
 * <li>heap delta: heap used after full GCs with the resources and the pids allocated, then again
 *     once the ledger tracks every resource. Leases, map entries, map tables and per-pid
 *     holdings count against the ledger; the pids do not, as each is the process's own identity
 *     (in the platform, the process table's {@code Pid}, which the ledger shares as a key). This
 *     is the figure quoted;</li>
 * <li>object layout (JOL), as a cross-check: the size of everything reachable from the ledger
 *     minus the size of the resources and the pids.</li>
 * </ul>
 * The figure depends on how many resources each pid holds (a pid's entry costs the same for one
 * resource or a thousand), so it is measured for 1, 10 and 1000 resources per pid.
 *
 * <p>Not a JMH benchmark: JMH measures time. Run it alone with
 * {@code java -cp benchmarks.jar io.reclaim.benchmarks.LedgerFootprint [total] [perPid...]}.
 */
public final class LedgerFootprint {

    public static final int DEFAULT_TOTAL = 1_000_000;
    public static final int[] DEFAULT_PER_PID = {1, 10, 1000};
    static final int LAYOUT_SAMPLE = 100_000;

    /**
     * @param perPid resources per pid
     * @param layoutBytes retained bytes per resource by object layout
     * @param heapBytes retained bytes per resource by heap delta after GC
     */
    public record Result(int total, int perPid, double layoutBytes, double heapBytes) {
        String line() {
            return String.format("LedgerFootprint[perPid=%d] value=%.1f bytes/resource (heap delta at %d; object layout %.1f)",
                    perPid, heapBytes, total, layoutBytes);
        }
    }

    static {
        // JOL reads field offsets through Unsafe, which refuses them for records such as Pid;
        // this makes it find them by probing instead (the documented fallback)
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private LedgerFootprint() {
    }

    public static void main(String[] args) {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_TOTAL;
        List<Integer> perPid = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            perPid.add(Integer.parseInt(args[i]));
        }
        if (perPid.isEmpty()) {
            for (int p : DEFAULT_PER_PID) {
                perPid.add(p);
            }
        }
        System.out.println(VM.current().details());
        for (int p : perPid) {
            System.out.println(measure(total, p).line());
        }
    }

    /**
     * Heap delta with {@code total} resources; object layout on a ledger of the same shape with
     * at most {@value #LAYOUT_SAMPLE} resources, since walking a million-object graph takes
     * minutes on a small machine and the per-resource figure does not depend on the count.
     */
    public static Result measure(int total, int perPid) {
        double heapBytes = heapDelta(total, perPid);
        double layoutBytes = layout(Math.min(total, LAYOUT_SAMPLE), perPid);
        return new Result(total, perPid, layoutBytes, heapBytes);
    }

    static double heapDelta(int total, int perPid) {
        Item[] items = items(total);
        // the pids exist before anything is tracked: in the platform each is the process table's
        // own, which the ledger shares as the key of the pid's entry
        Pid[] pids = pids(total, perPid);
        long before = usedAfterGc();
        ResourceLedger<Item> ledger = fill(items, pids, perPid);
        long after = usedAfterGc();
        check(ledger, pids);
        return (double) (after - before) / total;
    }

    static double layout(int total, int perPid) {
        Item[] items = items(total);
        Pid[] pids = pids(total, perPid);
        ResourceLedger<Item> ledger = fill(items, pids, perPid);
        long all = GraphLayout.parseInstance(ledger).totalSize();
        long resources = (long) total * VM.current().sizeOf(items[0]) + (long) pids.length * VM.current().sizeOf(pids[0]);
        check(ledger, pids);
        return (double) (all - resources) / total;
    }

    private static Item[] items(int total) {
        Item[] items = new Item[total];
        for (int i = 0; i < total; i++) {
            items[i] = new Item();
        }
        return items;
    }

    private static Pid[] pids(int total, int perPid) {
        Pid[] pids = new Pid[(total + perPid - 1) / perPid];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = Pid.of(i + 1L);
        }
        return pids;
    }

    private static ResourceLedger<Item> fill(Item[] items, Pid[] pids, int perPid) {
        ResourceLedger<Item> ledger = new ResourceLedger<>("items", Gates.ALWAYS_RUNNING, Item::release, item -> 0);
        for (int i = 0; i < items.length; i++) {
            ledger.track(pids[i / perPid], items[i]);
        }
        return ledger;
    }

    /** Keeps the items and pids reachable until the measurement is taken, and checks the ledger. */
    private static void check(ResourceLedger<Item> ledger, Pid[] pids) {
        if (ledger.owners().size() != pids.length) {
            throw new IllegalStateException("the ledger lost pids");
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // a few rounds: finalizers and reference processing may free more on the next one
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
