package io.reclaim.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;

/**
 * The chart's data: every {@code interval} seconds, the orchestrator's running totals per type
 * and the number of live processes, for the last {@code size} samples. It reads the totals the
 * ledgers already keep, on a thread of its own, so the acquisition path pays nothing for it.
 */
final class Series implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Series.class);

    private record Sample(long epochMillis, int live, Map<String, ResourceTotals> totals) {
    }

    private final ResourceOrchestrator orchestrator;
    private final ProcessManager processes;
    private final int intervalSeconds;
    private final int size;
    private final ArrayList<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler;

    Series(ResourceOrchestrator orchestrator, ProcessManager processes, int intervalSeconds, int size) {
        this.orchestrator = orchestrator;
        this.processes = processes;
        this.intervalSeconds = intervalSeconds;
        this.size = size;
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "reclaim-webconsole-series");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    void sample() {
        try {
            Sample sample = new Sample(System.currentTimeMillis(), processes.list().size(), orchestrator.totals());
            synchronized (samples) {
                samples.add(sample);
                if (samples.size() > size + 1) {
                    samples.remove(0);
                }
            }
        } catch (Throwable t) {
            LOG.warn("could not sample the totals for the chart", t);
        }
    }

    /**
     * @return {@code interval}, {@code t} (epoch seconds), {@code live}, and per type the
     *     {@code acquired} and {@code released} in each interval (the difference of two samples)
     */
    Map<String, Object> toJson() {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        TreeSet<String> types = new TreeSet<>();
        copy.forEach(sample -> types.addAll(sample.totals().keySet()));
        List<Long> times = new ArrayList<>();
        List<Integer> live = new ArrayList<>();
        Map<String, List<Long>> acquired = new LinkedHashMap<>();
        Map<String, List<Long>> released = new LinkedHashMap<>();
        types.forEach(type -> {
            acquired.put(type, new ArrayList<>());
            released.put(type, new ArrayList<>());
        });
        for (int i = 1; i < copy.size(); i++) {
            Sample before = copy.get(i - 1);
            Sample now = copy.get(i);
            times.add(now.epochMillis() / 1000);
            live.add(now.live());
            for (String type : types) {
                ResourceTotals a = before.totals().getOrDefault(type, ResourceTotals.UNKNOWN);
                ResourceTotals b = now.totals().getOrDefault(type, ResourceTotals.UNKNOWN);
                boolean known = a.isKnown() && b.isKnown();
                acquired.get(type).add(known ? Math.max(0, b.acquired() - a.acquired()) : 0);
                released.get(type).add(known ? Math.max(0, b.released() - a.released()) : 0);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("interval", intervalSeconds);
        json.put("t", times);
        json.put("live", live);
        json.put("acquired", acquired);
        json.put("released", released);
        return json;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
