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
 * <li>object layout (JOL): the size of everything reachable from the ledger minus the size of
 *     the resources themselves. Leases, map entries, map tables, per-pid holdings and the pids
 *     all count against the ledger;</li>
 * <li>heap delta: heap used after full GCs with the resources and pids allocated, then again
 *     once the ledger tracks them all.</li>
 * </ul>
 * The figure depends on how many resources each pid holds (a pid's holdings cost the same for
 * one resource or a thousand), so it is measured for 1, 10 and 1000 resources per pid.
 *
 * <p>Not a JMH benchmark: JMH measures time. Run it alone with
 * {@code java -cp benchmarks.jar io.reclaim.benchmarks.LedgerFootprint [total] [perPid...]}.
 */
public final class LedgerFootprint {

    public static final int DEFAULT_TOTAL = 1_000_000;
    public static final int[] DEFAULT_PER_PID = {1, 10, 1000};

    /**
     * @param perPid resources per pid
     * @param layoutBytes retained bytes per resource by object layout
     * @param heapBytes retained bytes per resource by heap delta after GC
     */
    public record Result(int total, int perPid, double layoutBytes, double heapBytes) {
        String line() {
            return String.format("LedgerFootprint[perPid=%d] value=%.1f bytes/resource (heap delta %.1f)", perPid,
                    layoutBytes, heapBytes);
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

    public static Result measure(int total, int perPid) {
        Item[] items = new Item[total];
        for (int i = 0; i < total; i++) {
            items[i] = new Item();
        }
        Pid[] pids = new Pid[(total + perPid - 1) / perPid];
        long before = usedAfterGc();
        // the pids count against the ledger: it keeps one per pid as the key of its holdings
        for (int i = 0; i < pids.length; i++) {
            pids[i] = Pid.of(i + 1L);
        }
        ResourceLedger<Item> ledger = new ResourceLedger<>("items", Gates.ALWAYS_RUNNING, Item::release, item -> 0);
        for (int i = 0; i < total; i++) {
            ledger.track(pids[i / perPid], items[i]);
        }
        long after = usedAfterGc();
        // the pid array is the benchmark's own, not the ledger's
        long pidArray = VM.current().sizeOf(pids);
        double heapBytes = (double) (after - before - pidArray) / total;

        long all = GraphLayout.parseInstance(ledger).totalSize();
        long resources = (long) total * VM.current().sizeOf(items[0]);
        double layoutBytes = (double) (all - resources) / total;
        if (ledger.owners().size() != pids.length) {
            throw new IllegalStateException("the ledger lost pids");
        }
        return new Result(total, perPid, layoutBytes, heapBytes);
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
