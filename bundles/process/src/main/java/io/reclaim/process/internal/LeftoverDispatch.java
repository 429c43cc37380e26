package io.reclaim.process.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.api.journal.Reclaimed;

/**
 * Hands the journal's leftovers of each type to the reclaimer of that type as it appears, one
 * type after the other on one thread of its own: ending an orphaned OS tree takes a grace period,
 * which neither the framework's start nor a bundle's start should wait for.
 */
final class LeftoverDispatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverDispatch.class);

    private final CloseableJournal journal;
    private final Consumer<List<Reclaimed>> report;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reclaim-leftovers");
        thread.setDaemon(true);
        return thread;
    });

    LeftoverDispatch(CloseableJournal journal, Consumer<List<Reclaimed>> report) {
        this.journal = journal;
        this.report = report;
    }

    void add(String type, LeftoverReclaimer reclaimer) {
        try {
            worker.execute(() -> reclaim(type, reclaimer));
        } catch (RejectedExecutionException closing) {
            LOG.debug("not reclaiming {} leftovers: the journal is closing", type);
        }
    }

    private void reclaim(String type, LeftoverReclaimer reclaimer) {
        List<Reclaimed> reclaimed = journal.reclaim(type, reclaimer);
        if (reclaimed.isEmpty()) {
            return;
        }
        CleanupStats total = reclaimed.stream().map(Reclaimed::stats).reduce(CleanupStats.NONE, CleanupStats::plus);
        long owners = reclaimed.stream().map(r -> r.leftover().owner()).filter(o -> o.isPresent()).distinct().count();
        LOG.info("reclaimed {} {} leftover(s) of an earlier run that ended without cleanup ({} pid(s)): {} freed, {} bytes, {} error(s)",
                reclaimed.size(), type, owners, total.resourcesFreed(), total.bytesFreed(), total.errorsEncountered());
        try {
            report.accept(reclaimed);
        } catch (RuntimeException e) {
            LOG.warn("recording the reclaimed {} leftovers failed", type, e);
        }
    }

    /** Lets the reclaim in progress finish, within {@code millis}; later reclaimers are not called. */
    void close(long millis) {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                LOG.warn("reclaiming leftovers did not finish within {} ms; the rest waits for the next start", millis);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }
}
