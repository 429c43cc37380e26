package io.reclaim.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;

/** Process trees and heirs, on the real orchestrator and real OS children, checked in /proc. */
public class ProcessGroupsTest {

    private static final Duration GRACE = Duration.ofSeconds(5);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(90);

    private EmbeddedOrchestrator orchestrator;
    private CloseableProcessManager processes;
    private TestFiles channels;

    @Before
    public void setUp() {
        orchestrator = ResourceOrchestrators.builder().build();
        processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build();
        channels = new TestFiles(processes).transferable();
        orchestrator.register(channels.cleanupHandler(), ResourceCleanup.RANKING_FILES);
    }

    @After
    public void tearDown() {
        processes.close();
        orchestrator.close();
    }

    private ProcessInfo sleeper(String name, ProcessSpec spec) throws IOException {
        return processes.spawn(spec.withCommand("sleep", "300"));
    }

    @Test
    public void killTreeEndsEveryDescendantLeavesFirstEachThroughItsCleanupWithOneResult() throws Exception {
        ProcessInfo root = sleeper("root", ProcessSpec.named("root"));
        ProcessInfo middle = sleeper("middle", ProcessSpec.named("middle").withParent(root.pid()));
        ProcessInfo leaf = sleeper("leaf", ProcessSpec.named("leaf").withParent(middle.pid()));
        ProcessInfo detached = sleeper("detached", ProcessSpec.named("detached").detachedFrom(root.pid()));
        for (ProcessInfo member : List.of(root, middle, leaf, detached)) {
            channels.open(member.pid(), tmp.newFile().toPath());
        }

        CleanupResult result = processes.terminateTree(root.pid(), GRACE);

        assertEquals(8, result.total().resourcesFreed()); // a channel and an OS child each
        assertEquals(4, result.outcomes().stream().filter(o -> o.resourceType().equals(TestFiles.TYPE))
                .mapToLong(o -> o.stats().resourcesFreed()).sum());
        assertEquals(List.of(detached.pid(), leaf.pid(), middle.pid(), root.pid()), channels.cleanups());
        for (ProcessInfo member : List.of(root, middle, leaf, detached)) {
            assertEquals(ProcessState.TERMINATED, processes.info(member.pid()).orElseThrow().state());
            Os.await("OS child of " + member.spec().name() + " gone", GRACE, () -> Os.isGone(member.osPid()));
            assertFalse(channels.hasResources(member.pid()));
        }
    }

    @Test
    public void aChildEndsWithItsParentUnlessSpawnedDetached() throws Exception {
        ProcessInfo parent = sleeper("parent", ProcessSpec.named("parent"));
        ProcessInfo child = sleeper("child", ProcessSpec.named("child").withParent(parent.pid()));
        ProcessInfo detached = sleeper("detached", ProcessSpec.named("detached").detachedFrom(parent.pid()));

        processes.terminate(parent.pid(), GRACE);

        assertEquals(ProcessState.TERMINATED, processes.info(child.pid()).orElseThrow().state());
        assertTrue(processes.info(child.pid()).orElseThrow().ended()
                .compareTo(processes.info(parent.pid()).orElseThrow().ended()) <= 0);
        Os.await("the child's OS process gone", GRACE, () -> Os.isGone(child.osPid()));
        assertEquals(ProcessState.RUNNING, processes.state(detached.pid()));
        assertTrue(Os.isAlive(detached.osPid()));
    }

    @Test
    public void aChildOfAnEndingOrEndedParentIsRefusedAndTakesNoPid() throws Exception {
        ProcessInfo parent = processes.spawn(ProcessSpec.named("parent"));
        processes.terminate(parent.pid(), Duration.ZERO);
        int before = processes.list().size();

        ProcessNotRunningException refused = assertThrows(ProcessNotRunningException.class,
                () -> processes.spawn(ProcessSpec.named("late").withParent(parent.pid())));

        assertTrue(refused.getMessage(), refused.getMessage().contains(parent.pid().toString()));
        assertEquals(before, processes.list().size());
        ProcessInfo next = processes.spawn(ProcessSpec.named("next"));
        assertEquals(parent.pid().value() + 1, next.pid().value());
    }

    @Test
    public void aChildSpawnedByATreeMemberWhileTheTreeEndsIsRefused() throws Exception {
        ProcessInfo root = processes.spawn(ProcessSpec.named("root"));
        ProcessInfo member = processes.spawn(ProcessSpec.named("member").withParent(root.pid()));
        List<Throwable> refusals = new CopyOnWriteArrayList<>();
        // the member's own cleanup tries to spawn under it: its gate is already closed then
        orchestrator.register(new ResourceCleanup() {
            @Override
            public CleanupStats cleanup(Pid pid) {
                try {
                    processes.spawn(ProcessSpec.named("escapee").withParent(member.pid()));
                } catch (Throwable e) {
                    refusals.add(e);
                }
                return CleanupStats.NONE;
            }

            @Override
            public String resourceType() {
                return "spawner";
            }

            @Override
            public boolean hasResources(Pid pid) {
                return false;
            }
        }, 5000);

        processes.terminateTree(root.pid(), Duration.ZERO);

        assertEquals(2, refusals.size());
        assertTrue(refusals.get(0) instanceof ProcessNotRunningException);
        assertEquals(List.of(), processes.list());
    }

    @Test
    public void anHeirGetsTheResourcesOfATypeThatAllowsItWhenItsPredecessorEnds() throws Exception {
        ProcessInfo heir = processes.spawn(ProcessSpec.named("heir"));
        ProcessInfo dying = processes.spawn(ProcessSpec.named("dying").withHeir(heir.pid()));
        Lease<FileChannel> lease = channels.open(dying.pid(), tmp.newFile().toPath());
        FileChannel channel = lease.resource(dying.pid());

        CleanupResult result = processes.terminate(dying.pid(), Duration.ZERO);

        assertEquals(1, result.total().resourcesInherited());
        assertEquals(0, result.total().resourcesFreed());
        assertTrue(channel.isOpen());
        assertEquals(1, channels.cleanupHandler().usage(heir.pid()).count());
        processes.terminate(heir.pid(), Duration.ZERO);
        assertFalse(channel.isOpen());
    }
}
