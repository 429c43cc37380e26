package io.reclaim.itests.faults;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.wiring.FrameworkWiring;

import io.reclaim.itests.ReclaimTestSupport;

/**
 * DESIGN rule 12 at the endings nobody asks for inside a running framework: a Reclaim bundle is
 * refreshed (Karaf does this when JNA is added), the orchestrator or process bundle is stopped. A
 * live pid holding one resource of every type and an OS child still ends through the whole ranked
 * cleanup, os-process first, before any manager lets go of what it tracks. The framework's own
 * stop is {@link FrameworkStopOrderIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ShutdownOrderIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void refreshingTheApiBundleEndsEveryPidInRankingOrderFirst() throws Exception {
        refreshAndCheck("io.reclaim.api");
    }

    @Test
    public void refreshingTheProcessBundleEndsEveryPidInRankingOrderFirst() throws Exception {
        refreshAndCheck("io.reclaim.process");
    }

    @Test
    public void refreshingAResourceBundleEndsEveryPidInRankingOrderFirst() throws Exception {
        refreshAndCheck("io.reclaim.resource-files");
    }

    @Test
    public void stoppingTheOrchestratorBundleEndsEveryPidInRankingOrderFirst() throws Exception {
        HeldProcess held = HeldProcess.spawn(context);
        bundle("io.reclaim.orchestrator").stop();
        held.assertEndedInRankingOrder();
    }

    @Test
    public void stoppingTheProcessBundleEndsEveryPidInRankingOrderFirst() throws Exception {
        HeldProcess held = HeldProcess.spawn(context);
        bundle("io.reclaim.process").stop();
        held.assertEndedInRankingOrder();
    }

    private void refreshAndCheck(String symbolicName) throws Exception {
        HeldProcess held = HeldProcess.spawn(context);
        // the probe may be refreshed with the bundle: only the system bundle is used from here on
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle(symbolicName)), event -> refreshed.countDown());
        assertTrue("refresh finished", refreshed.await(WAIT_MS, TimeUnit.MILLISECONDS));
        held.assertEndedInRankingOrder();
    }
}
