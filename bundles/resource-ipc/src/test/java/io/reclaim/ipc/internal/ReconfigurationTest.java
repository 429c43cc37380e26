package io.reclaim.ipc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;
import io.reclaim.ipc.DeadLetter;
import io.reclaim.ipc.IpcSettings;
import io.reclaim.ipc.Mailbox;
import org.junit.Test;
import io.reclaim.api.ledger.Handlers;

/** A configuration change (a re-rank, new sizes) applies in place: no mailbox is released. */
public class ReconfigurationTest {

    @Test
    public void aConfigurationChangeAppliesWithoutReleasingAnything() throws Exception {
        ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
        Pid a = Pid.of(1);
        Pid b = Pid.of(2);
        processes.put(a, ProcessState.RUNNING);
        processes.put(b, ProcessState.RUNNING);
        IpcManagerImpl ipc = new IpcManagerImpl(processes::get, IpcSettings.DEFAULTS);
        try {
            Lease<Mailbox> lease = ipc.open(a);
            ipc.send(b, a, "kept");
            ipc.open(b);
            ipc.send(a, b, "first");
            ipc.send(a, b, "second");
            Handlers.of(ipc).cleanup(b);

            ipc.modified(config(4, 1, 650), Map.of());

            assertTrue("the mailbox survived the change", lease.isHeld());
            assertEquals("kept", ipc.receive(a, Duration.ZERO).orElseThrow().payload());
            assertEquals("the smaller record keeps the newest", List.of("second"),
                    ipc.deadLetters().stream().map(DeadLetter::message).toList());
            assertEquals(1, ipc.deadLettersEvicted());
            Pid c = Pid.of(3);
            processes.put(c, ProcessState.RUNNING);
            assertEquals("new mailboxes get the new default", 4, ipc.open(c).resource(c).capacity());
        } finally {
            ipc.shutdown();
        }
    }

    private static Config config(int defaultCapacity, int deadLetters, int ranking) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "default_capacity" -> defaultCapacity;
                    case "dead_letter_capacity" -> deadLetters;
                    case "service_ranking" -> ranking;
                    case "annotationType" -> Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

}
