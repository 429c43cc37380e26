package io.reclaim.orchestrator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceOrchestrator.Registration;

public class ConcurrentCleanupTest {

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedOrchestrator orchestrator;
    private ExecutorService callers;

    @After
    public void close() throws InterruptedException {
        if (callers != null) {
            callers.shutdownNow();
            callers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    @Test(timeout = 30_000)
    public void concurrentCleanupsOfDifferentPidsEachReleaseTheirOwnWhileHandlersComeAndGo() throws Exception {
        PipeHandler files = new PipeHandler("files", journal);
        PipeHandler sockets = new PipeHandler("sockets", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(files, 300).register(sockets, 500)
                .handlerTimeout(Duration.ofSeconds(5))
                .build();
        Map<Pid, List<Pipe>> held = new HashMap<>();
        for (long value = 1; value <= 40; value++) {
            Pid pid = Pid.of(value);
            List<Pipe> pipes = new ArrayList<>(files.open(pid, 3));
            pipes.addAll(sockets.open(pid, 2));
            held.put(pid, pipes);
        }
        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicReference<Throwable> churnFailure = new AtomicReference<>();
        Thread churn = new Thread(() -> {
            List<String> elsewhere = Collections.synchronizedList(new ArrayList<>());
            try {
                for (int i = 0; churning.get(); i++) {
                    Registration registration = orchestrator.register(new PipeHandler("custom", elsewhere), i % 700);
                    Thread.yield();
                    registration.close();
                }
            } catch (Throwable e) {
                churnFailure.set(e);
            }
        }, "handler-churn");
        churn.start();
        callers = Executors.newFixedThreadPool(4);

        List<Future<CleanupResult>> results = new ArrayList<>();
        for (Pid pid : held.keySet()) {
            results.add(callers.submit(() -> orchestrator.cleanupProcess(pid)));
        }
        for (Future<CleanupResult> future : results) {
            CleanupResult result = future.get(20, TimeUnit.SECONDS);
            assertFalse(result.errors().toString(), result.hasErrors());
            assertEquals(3, result.outcome("files").stats().resourcesFreed());
            assertEquals(2, result.outcome("sockets").stats().resourcesFreed());
            assertTrue(result.order().indexOf("sockets") < result.order().indexOf("files"));
        }
        churning.set(false);
        churn.join(5_000);

        assertEquals(null, churnFailure.get());
        for (List<Pipe> pipes : held.values()) {
            assertTrue(PipeHandler.allClosed(pipes));
        }
        assertEquals(List.of("sockets", "files"),
                orchestrator.handlers().stream().map(h -> h.resourceType()).toList());
    }

    @Test(timeout = 10_000)
    public void aHandlerArrivingDuringACleanupJoinsTheNextOne() {
        PipeHandler late = new PipeHandler("tempdir", journal);
        AtomicReference<Registration> lateRegistration = new AtomicReference<>();
        PipeHandler tasks = new PipeHandler("tasks", journal) {
            @Override
            protected void beforeRelease(Pid pid) {
                lateRegistration.compareAndSet(null, orchestrator.register(late, 1000));
            }
        };
        orchestrator = ResourceOrchestrators.builder().register(tasks, 800).build();

        assertEquals(List.of("tasks"), orchestrator.cleanupProcess(Pid.of(1)).order());
        assertEquals(List.of("tempdir", "tasks"), orchestrator.cleanupProcess(Pid.of(2)).order());
    }
}
