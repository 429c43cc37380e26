package io.reclaim.signals.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.signals.SignalSettings;
import io.reclaim.testing.Configs;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import io.reclaim.api.ledger.Handlers;

/** Real OS signals sent to this JVM reach the processes that handle them. */
public class JvmSignalForwardingTest {

    private final ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
    private final Pid subscriber = Pid.of(1);
    private final Pid bystander = Pid.of(2);
    private String usr2Before;

    @Before
    public void setUp() {
        processes.put(subscriber, ProcessState.RUNNING);
        processes.put(bystander, ProcessState.RUNNING);
        usr2Before = currentUsr2Handler();
    }

    @After
    public void jvmHandlerIsRestored() {
        assertEquals("the JVM's own USR2 handler is back", usr2Before, currentUsr2Handler());
    }

    @Test
    public void usr2SentToTheJvmReachesTheProcessesThatHandleIt() throws Exception {
        SignalManagerImpl signals = new SignalManagerImpl(processes::get, SignalSettings.DEFAULTS.forwarding("USR2"));
        try {
            assertEquals(List.of("USR2"), signals.forwardedJvmSignals());
            CountDownLatch received = new CountDownLatch(1);
            signals.handle(subscriber, "USR2", signal -> received.countDown());
            AtomicInteger bystanderCalls = new AtomicInteger();
            signals.handle(bystander, "USR1", signal -> bystanderCalls.incrementAndGet());

            kill("-USR2", ProcessHandle.current().pid());

            assertTrue("USR2 did not reach the subscribed pid", received.await(10, TimeUnit.SECONDS));
            assertEquals("a pid without a USR2 handler gets nothing", 0, bystanderCalls.get());
            assertEquals("a forwarded signal never becomes pending", List.of(), signals.pending(bystander));
        } finally {
            signals.shutdown();
        }
    }

    @Test
    public void namesTheJvmRefusesAreSkippedAndReconfigurationRestoresHandlers() {
        SignalManagerImpl signals = new SignalManagerImpl(processes::get,
                SignalSettings.DEFAULTS.forwarding("USR2", "RELOAD"));
        try {
            assertEquals("RELOAD is no JVM signal", List.of("USR2"), signals.forwardedJvmSignals());
            assertFalse(usr2Before.equals(currentUsr2Handler()));

            signals.modified(Configs.of(Config.class, Map.of("forward_jvm_signals", new String[0],
                    "handler_threads", 2, "max_pending", 16, "drain_timeout_millis", 1000L)), Map.of());

            assertEquals(List.of(), signals.forwardedJvmSignals());
            assertEquals(usr2Before, currentUsr2Handler());
            signals.handle(subscriber, "USR1", signal -> { });
            assertTrue("reconfiguring released nothing", Handlers.of(signals).hasResources(subscriber));
        } finally {
            signals.shutdown();
        }
    }

    @SuppressWarnings("removal")
    private static String currentUsr2Handler() {
        sun.misc.Signal usr2 = new sun.misc.Signal("USR2");
        sun.misc.SignalHandler current = sun.misc.Signal.handle(usr2, sun.misc.SignalHandler.SIG_IGN);
        sun.misc.Signal.handle(usr2, current);
        // the JVM hands out a fresh wrapper of its native handler on every call: compare kinds
        return String.valueOf(current).replaceAll("@[0-9a-f]+$", "");
    }

    private static void kill(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }

}
