package io.reclaim.testing.junit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/**
 * The contract every resource type keeps, checked against the real orchestrator and process
 * manager (their plain-Java builders): what a pid acquired is released when it ends and counted
 * as released, the gate refuses a pid once its termination began, only the owner may use or
 * release a resource, closing the manager (what stopping its bundle does) releases everything of
 * every pid, and {@code cleanupMayBlock} is answered. Around each test, {@link ReclaimLeakRule}
 * checks that the JVM's fds, file mappings, threads and direct memory are back once everything is
 * closed.
 *
 * <p>A resource type's author extends it and says how to make the type for a gate:
 *
 * <pre>{@code
 * public class TempDirConformanceTest extends ResourceTypeConformanceTest {
 *     @Rule public final TemporaryFolder tmp = new TemporaryFolder();
 *
 *     @Override
 *     protected TypeUnderTest open(ProcessGate gate) throws Exception {
 *         TempDirManager tempdirs = TempDirManager.create(gate, tmp.getRoot().toPath());
 *         return TypeUnderTest.of(tempdirs, pid -> Held.lease(tempdirs.create(pid, "t"), tempdirs::delete),
 *                 tempdirs::close);
 *     }
 * }
 * }</pre>
 */
public abstract class ResourceTypeConformanceTest {

    /** The longest wait for anything the type does: a cleanup, an answer to {@code cleanupMayBlock}. */
    protected static final Duration BOUND = Duration.ofSeconds(30);

    private EmbeddedOrchestrator orchestrator;
    private CloseableProcessManager processes;
    private TypeUnderTest type;
    private ResourceCleanup handler;
    private boolean closed;

    /**
     * Makes the type under test, with {@code gate} as the gate its manager consults. Called before
     * each test; the test closes it.
     */
    protected abstract TypeUnderTest open(ProcessGate gate) throws Exception;

    /** @return the ranking the type's handler runs at; {@link ResourceCleanup#RANKING_CUSTOM} unless overridden */
    protected int ranking() {
        return ResourceCleanup.RANKING_CUSTOM;
    }

    /**
     * @return how many resources of this type one pid may hold at once; unlimited unless
     *     overridden (a pid has one mailbox)
     */
    protected int maxPerPid() {
        return Integer.MAX_VALUE;
    }

    /**
     * The OS-level leak check around each test, innermost of the rules (a subclass's temporary
     * folder exists before it reads), after one unmeasured round per JVM and type; override to
     * loosen it for a type whose manager keeps something process-wide by design, and say why.
     */
    @Rule(order = Integer.MAX_VALUE)
    public ReclaimLeakRule leaks() {
        return ReclaimLeakRule.osOnly().warmingUpOnce(getClass(), this::warmUp);
    }

    /**
     * What the tests do, once and unmeasured: the first use of a type, of the process manager and
     * of the orchestrator makes the JVM load and keep things for good (a native library and its
     * mappings, the process manager's exit watcher thread) that are no leak of the type.
     */
    private void warmUp() throws Exception {
        EmbeddedOrchestrator warmOrchestrator = ResourceOrchestrators.builder().handlerTimeout(BOUND).build();
        try (CloseableProcessManager warmProcesses = ProcessManagers.builder()
                .withResourceOrchestrator(warmOrchestrator).build()) {
            TypeUnderTest warmType = open(warmProcesses);
            try {
                warmOrchestrator.register(warmType.cleanupHandler(), ranking());
                Pid pid = warmProcesses.spawn(ProcessSpec.named("conformance-warm-up")).pid();
                TypeUnderTest.Held held = warmType.acquire(pid);
                usable(held, pid);
                held.releaseAs(pid);
                warmType.acquire(pid);
                warmType.cleanupHandler().cleanupMayBlock(pid);
                warmProcesses.terminate(pid, Duration.ZERO);
                warmType.acquire(warmProcesses.spawn(ProcessSpec.named("conformance-warm-up")).pid());
            } finally {
                warmProcesses.close();
                warmType.close();
            }
        } finally {
            warmOrchestrator.close();
        }
    }

    @Before
    public final void openType() throws Exception {
        orchestrator = ResourceOrchestrators.builder().handlerTimeout(BOUND).build();
        processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build();
        type = open(processes);
        handler = type.cleanupHandler();
        assertNotNull("the type's cleanup handler", handler);
        orchestrator.register(handler, ranking());
    }

    @After
    public final void closeType() throws Exception {
        try {
            if (processes != null) {
                processes.close();
            }
        } finally {
            try {
                if (type != null && !closed) {
                    type.close();
                }
            } finally {
                if (orchestrator != null) {
                    orchestrator.close();
                }
            }
        }
    }

    @Test
    public void whatAPidAcquiredIsReleasedWhenItsProcessTerminates() throws Exception {
        Pid pid = spawn("conformance-release");
        type.acquire(pid);
        assertTrue(handler.resourceType() + " says the pid holds what it acquired", handler.hasResources(pid));
        assertTrue(handler.resourceType() + " counts what the pid holds", handler.usage(pid).count() >= 1);
        assertTrue(handler.owners().isEmpty() || handler.owners().contains(pid));

        CleanupResult result = processes.terminate(pid, Duration.ZERO);

        HandlerOutcome outcome = outcome(result);
        assertFalse("the cleanup of " + handler.resourceType() + " failed: " + outcome.error(), outcome.failed());
        assertFalse(handler.hasResources(pid));
        assertEquals(ResourceUsage.NONE, handler.usage(pid));
        assertFalse(handler.owners().contains(pid));
        assertFalse("the orchestrator still lists what the pid held", orchestrator.holdings().containsKey(pid));
    }

    @Test
    public void theCleanupCountsWhatItReallyReleased() throws Exception {
        Pid pid = spawn("conformance-count");
        ResourceTotals before = handler.totals();
        int acquired = Math.min(3, maxPerPid());
        for (int i = 0; i < acquired; i++) {
            type.acquire(pid);
        }
        ResourceUsage held = handler.usage(pid);
        assertTrue(acquired + " acquisition(s), " + held.count() + " counted", held.count() >= acquired);

        CleanupStats stats = outcome(processes.terminate(pid, Duration.ZERO)).stats();

        assertEquals("errors: " + stats.errors(), 0, stats.errorsEncountered());
        assertEquals("resources freed is what the pid held", held.count(), stats.resourcesFreed());
        assertEquals("bytes freed is what the pid held", held.bytes(), stats.bytesFreed());
        ResourceTotals after = handler.totals();
        if (before.isKnown() && after.isKnown()) {
            assertEquals("acquisitions counted", held.count(), after.acquired() - before.acquired());
            assertEquals("releases counted", held.count(), after.released() - before.released());
            assertEquals("bytes released counted", held.bytes(), after.bytesReleased() - before.bytesReleased());
            assertEquals("failures counted", before.failures(), after.failures());
        }
        assertEquals("a second cleanup finds nothing to free", CleanupStats.NONE, handler.cleanup(pid));
    }

    @Test
    public void theGateRefusesAPidOnceItsTerminationBegan() throws Exception {
        Pid pid = spawn("conformance-gate");
        processes.terminate(pid, Duration.ZERO);

        assertThrows(ProcessNotRunningException.class, () -> type.acquire(pid));
        assertThrows("a pid never spawned", ProcessNotRunningException.class, () -> type.acquire(Pid.of(Long.MAX_VALUE)));

        assertFalse(handler.hasResources(pid));
        assertFalse(handler.hasResources(Pid.of(Long.MAX_VALUE)));
    }

    @Test
    public void onlyTheOwnerMayUseOrReleaseAResource() throws Exception {
        Pid owner = spawn("conformance-owner");
        Pid other = spawn("conformance-other");
        TypeUnderTest.Held held = type.acquire(owner);

        if (usable(held, owner)) {
            assertThrows(WrongOwnerException.class, () -> held.useAs(other));
        }
        assertThrows(WrongOwnerException.class, () -> held.releaseAs(other));
        assertTrue("a refused release released nothing", handler.hasResources(owner));

        CleanupStats othersCleanup = outcome(processes.terminate(other, Duration.ZERO)).stats();
        assertEquals("the other pid's cleanup frees nothing of the owner's", 0, othersCleanup.resourcesFreed());
        assertTrue(handler.hasResources(owner));

        held.releaseAs(owner);
        assertFalse("the owner released its only resource", handler.hasResources(owner));
        assertEquals("nothing is left for the owner's cleanup", 0,
                outcome(processes.terminate(owner, Duration.ZERO)).stats().resourcesFreed());
    }

    @Test
    public void closingTheManagerReleasesEverythingOfEveryPid() throws Exception {
        Pid one = spawn("conformance-close-1");
        Pid two = spawn("conformance-close-2");
        type.acquire(one);
        for (int i = 0; i < Math.min(2, maxPerPid()); i++) {
            type.acquire(two);
        }
        ResourceUsage held = handler.usage(one).plus(handler.usage(two));

        closed = true;
        CleanupStats stats = type.close();

        if (stats != null) {
            assertEquals("errors: " + stats.errors(), 0, stats.errorsEncountered());
            assertEquals("closing frees what every pid held", held.count(), stats.resourcesFreed());
            assertEquals(held.bytes(), stats.bytesFreed());
        }
        assertFalse(handler.hasResources(one));
        assertFalse(handler.hasResources(two));
        assertEquals(List.of(), handler.owners());
        assertThrows("a closed manager refuses acquisitions", IllegalStateException.class, () -> type.acquire(one));
        assertFalse(handler.hasResources(one));
    }

    @Test
    public void cleanupMayBlockIsAnsweredForAPidWithAndWithoutResources() throws Exception {
        Pid holding = spawn("conformance-blocks");
        Pid empty = spawn("conformance-empty");
        type.acquire(holding);

        answer(() -> handler.cleanupMayBlock(holding));
        answer(() -> handler.cleanupMayBlock(empty));

        assertEquals("a pid that holds nothing has nothing freed", CleanupStats.NONE, handler.cleanup(empty));
        assertEquals(ResourceUsage.NONE, handler.usage(empty));
    }

    /** @return the type's handler, for the checks a subclass adds */
    protected final ResourceCleanup handler() {
        return handler;
    }

    /** @return the type under test, for the checks a subclass adds */
    protected final TypeUnderTest type() {
        return type;
    }

    /** Spawns a logical process on the real process manager. */
    protected final Pid spawn(String name) throws IOException {
        return processes.spawn(ProcessSpec.named(name)).pid();
    }

    /** Uses the resource as its owner; @return false if the type has no use but the release */
    private static boolean usable(TypeUnderTest.Held held, Pid owner) throws Exception {
        try {
            held.useAs(owner);
            return true;
        } catch (UnsupportedOperationException noUse) {
            return false;
        }
    }

    private HandlerOutcome outcome(CleanupResult result) {
        HandlerOutcome outcome = result.outcome(handler.resourceType());
        assertNotNull("the cleanup ran no " + handler.resourceType() + " handler: " + result.order(), outcome);
        return outcome;
    }

    /** Asks on another thread, so that a handler that blocks fails the test instead of hanging it. */
    private static void answer(java.util.concurrent.Callable<Boolean> question) throws Exception {
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> answer = asker.submit(question);
            answer.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            asker.shutdownNow();
            asker.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
