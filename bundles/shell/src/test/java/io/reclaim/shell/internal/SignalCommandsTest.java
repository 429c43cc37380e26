package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.api.ProcessSpec;
import io.reclaim.signals.SignalManager;
import io.reclaim.signals.CloseableSignalManager;

/**
 * Against the real signal manager of the signals bundle, the real process manager and the real
 * orchestrator, in plain Java.
 */
public class SignalCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final AtomicReference<CloseableSignalManager> signalsOnceBuilt = new AtomicReference<>();
    // the manager needs the process manager as its gate, the process manager the manager as a listener
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
            .withTerminationListener((pid, grace) -> signalsOnceBuilt.get().terminationListener().terminating(pid, grace))
            .build();
    private final CloseableSignalManager signals = SignalManager.create(processes);
    private final AtomicInteger inUse = new AtomicInteger();
    private final SignalCommands commands = new SignalCommands(processes);

    public SignalCommandsTest() {
        signalsOnceBuilt.set(signals);
        orchestrator.register(signals.cleanupHandler(), ResourceCleanup.RANKING_SIGNALS);
    }

    /** What DS hands the component: the service, fetched and returned per use. */
    private final ComponentServiceObjects<SignalManager> serviceObjects = new ComponentServiceObjects<>() {
        @Override
        public SignalManager getService() {
            inUse.incrementAndGet();
            return signals;
        }

        @Override
        public void ungetService(SignalManager service) {
            inUse.decrementAndGet();
        }

        @Override
        public ServiceReference<SignalManager> getServiceReference() {
            throw new UnsupportedOperationException();
        }
    };

    @After
    public void closeEverything() {
        processes.close();
        signals.shutdown();
        orchestrator.close();
    }

    @Test
    public void withoutTheSignalsBundleTheCommandSaysSo() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));

        console.failing(() -> commands.signal("1", "TERM"));

        assertEquals(List.of("reclaim:signal: the signals bundle is not installed"), console.errLines());
    }

    @Test
    public void aSignalReachesTheHandlersOfTheProcess() throws Exception {
        commands.signals = serviceObjects;
        processes.spawn(ProcessSpec.named("demo"));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        signals.handle(Pid.of(1), "USR1", received::add);

        commands.signal("1", "sigusr1");

        assertEquals(List.of("pid 1: USR1 delivered to its handlers"), console.outLines());
        assertEquals("USR1", received.poll(10, TimeUnit.SECONDS));
        assertEquals(0, inUse.get());
    }

    @Test
    public void aSignalWithoutAHandlerStaysPending() throws Exception {
        commands.signals = serviceObjects;
        processes.spawn(ProcessSpec.named("demo"));

        commands.signal("1", "RELOAD");

        assertEquals(List.of("pid 1: RELOAD pending until the process handles it"), console.outLines());
        assertEquals(List.of("RELOAD"), signals.pending(Pid.of(1)));
    }

    @Test
    public void unknownOrUnhandleableSignalsGetOneLineAndNothingIsSent() throws Exception {
        commands.signals = serviceObjects;
        processes.spawn(ProcessSpec.named("demo"));

        console.failing(() -> commands.signal("1", "9"));
        console.failing(() -> commands.signal("1", "KILL"));
        console.failing(() -> commands.signal("1", " "));

        assertEquals(List.of(
                "reclaim:signal: invalid signal name '9': use up to 32 letters and digits, starting with a letter "
                        + "(e.g. TERM, USR1, RELOAD)",
                "reclaim:signal: KILL cannot be handled; terminate the process instead",
                "reclaim:signal: a signal name is required (e.g. TERM, USR1, RELOAD)"), console.errLines());
        assertTrue(signals.pending(Pid.of(1)).isEmpty());
        assertEquals(0, inUse.get());
    }

    @Test
    public void onlyARunningProcessGetsSignals() throws Exception {
        commands.signals = serviceObjects;
        processes.spawn(ProcessSpec.named("ended"));
        Pid stopping = processes.spawn(ProcessSpec.named("stopping")).pid();
        processes.terminate(Pid.of(1), Duration.ZERO);
        // its TERM handler takes its time: the process stays TERMINATING within its grace
        CountDownLatch shutDown = new CountDownLatch(1);
        signals.handle(stopping, SignalManager.TERM, signal -> shutDown.await());
        Thread terminating = new Thread(() -> processes.terminate(stopping, Duration.ofMinutes(1)));
        terminating.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processes.state(stopping) != ProcessState.TERMINATING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        console.failing(() -> commands.signal("1", "TERM"));
        console.failing(() -> commands.signal("2", "TERM"));
        console.failing(() -> commands.signal("99", "TERM"));
        console.failing(() -> commands.signal("x", "TERM"));

        assertEquals(List.of(
                "reclaim:signal: pid 1 has already ended (terminated); reclaim:history shows it",
                "reclaim:signal: pid 2 is TERMINATING: only a running process can receive signals",
                "reclaim:signal: no process with pid 99",
                "reclaim:signal: a pid is a positive number, got 'x'"), console.errLines());
        assertEquals("", console.out());
        shutDown.countDown();
        terminating.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(ProcessState.TERMINATED, processes.state(stopping));
    }

    @Test
    public void missingArgumentsGetOneLine() {
        console.failing(() -> commands.signal("1"));
        console.failing(() -> commands.signal());

        assertEquals(List.of(
                "reclaim:signal: a signal name is required (reclaim:signal PID SIGNAL, e.g. TERM or USR1)",
                "reclaim:signal: a pid and a signal name are required (reclaim:signal PID SIGNAL, e.g. 7 TERM)"),
                console.errLines());
    }

    @Test
    public void aManagerThatWentAwayMeanwhileReadsAsNotInstalled() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        commands.signals = new ComponentServiceObjects<SignalManager>() {
            @Override
            public SignalManager getService() {
                return null;
            }

            @Override
            public void ungetService(SignalManager service) {
                throw new AssertionError("nothing to unget");
            }

            @Override
            public ServiceReference<SignalManager> getServiceReference() {
                throw new UnsupportedOperationException();
            }
        };

        console.failing(() -> commands.signal("1", "TERM"));

        assertEquals(List.of("reclaim:signal: the signals bundle is not installed"), console.errLines());
    }
}
