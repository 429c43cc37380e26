package io.reclaim.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.signals.SignalManager;

/**
 * {@code reclaim:signal}: delivers a signal to a process through the signals bundle, which is
 * optional. This class never names the signal manager's type outside the reference annotation
 * (which the JVM does not load): the service is held as {@link ComponentServiceObjects} and used
 * only in {@link SignalDelivery}, so the shell loads and runs when the bundle is absent.
 */
@Component(name = "io.reclaim.shell.signals", service = SignalCommands.class)
@ReclaimCommand(function = "signal")
public final class SignalCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    static final String NOT_INSTALLED = "the signals bundle is not installed";

    private final ProcessManager processes;

    @Reference(service = SignalManager.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ComponentServiceObjects<?> signals;

    @Activate
    public SignalCommands(@Reference Platform platform) {
        this(platform.processes());
        this.platform = platform;
    }

    SignalCommands(ProcessManager processes) {
        this.processes = processes;
    }

    @Descriptor("sends a signal to a running process: its handlers for the signal receive it, or it stays pending "
            + "until the process handles it (needs the signals bundle)")
    public void signal(
            @Descriptor("pid of a running process, e.g. 7 or $pid") String pid,
            @Descriptor("the signal: TERM, INT, HUP, USR1, USR2 (a SIG prefix is allowed) or a custom name of "
                    + "letters and digits such as RELOAD; KILL and STOP cannot be handled") String signal) {
        if (platform.incomplete("signal")) {
            return;
        }
        try {
            Usage.check(pid);
            if (signals == null) {
                throw new IllegalStateException(NOT_INSTALLED);
            }
            Pid target = Args.pid(pid);
            String name = Args.signal(signal);
            ProcessLookup.running(processes, target, "receive signals");
            System.out.println(send(target, name));
        } catch (IllegalArgumentException | IllegalStateException e) {
            Console.error("signal", e);
        }
    }

    @Descriptor("without a signal: says that one is required (reclaim:signal PID SIGNAL)")
    public void signal(@Descriptor("pid of a running process") String pid) {
        if (Usage.HELP.equals(pid)) {
            Console.error("signal", new Usage.Requested());
            return;
        }
        Console.error("signal", "a signal name is required (reclaim:signal PID SIGNAL, e.g. TERM or USR1)");
    }

    @Descriptor("without arguments: says what is required (reclaim:signal PID SIGNAL)")
    public void signal() {
        Console.error("signal", "a pid and a signal name are required (reclaim:signal PID SIGNAL, e.g. 7 TERM)");
    }

    private String send(Pid pid, String signal) {
        @SuppressWarnings("unchecked")
        ComponentServiceObjects<Object> objects = (ComponentServiceObjects<Object>) signals;
        Object manager = objects == null ? null : objects.getService();
        if (manager == null) {
            // not installed, or went away between the reference and this call
            throw new IllegalStateException(NOT_INSTALLED);
        }
        try {
            return SignalDelivery.send(manager, pid, signal);
        } finally {
            objects.ungetService(manager);
        }
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void signal(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(SignalCommands.class, "signal", first, rest);
    }
}
