package io.reclaim.shell.karaf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * Gives the {@code reclaim:*} commands that name pids and resource types TAB completion in Karaf's
 * console.
 *
 * <p>Karaf wraps each Gogo function in a command of its own (its {@code CommandTracker}) that
 * executes it but has no completer, and nothing Karaf offers attaches one. So for each such command
 * this registers, in Karaf's registry and after Karaf's own, a {@link CompletingCommand} that runs
 * Karaf's and brings the completer. Karaf's console takes the completer of the last command
 * registered under a name, and its command processor the last function; {@code help} lists a name
 * once. Karaf's command stays registered and is the one {@code Registry.getCommand} finds.
 *
 * <p>The order matters, and the registry tells no one when a command arrives: Karaf's tracker and
 * this one see a new Gogo service in no defined order. So each command is added once Karaf's is
 * found in the registry, checked again every {@value #RETRY_MS} ms for up to {@value #WAIT_MS} ms.
 */
@Component(name = "io.reclaim.shell.karaf.completion", service = {})
public final class CommandCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(CommandCompletion.class);
    static final String SCOPE = "reclaim";
    static final long RETRY_MS = 25;
    static final long WAIT_MS = 10_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ProcessManager processes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ResourceOrchestrator orchestrator;

    private final Registry registry;
    private final Vocabulary vocabulary = new Vocabulary(() -> processes, () -> orchestrator);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "reclaim-karaf-completion");
        thread.setDaemon(true);
        return thread;
    });
    /** What was added per Gogo service; guarded by itself, as is {@link #closed}. */
    private final Map<ServiceReference<?>, List<CompletingCommand>> added = new HashMap<>();
    private boolean closed;
    private final ServiceTracker<Object, ServiceReference<?>> tracker;

    @Activate
    public CommandCompletion(BundleContext context, @Reference SessionFactory sessions) throws InvalidSyntaxException {
        this.registry = sessions.getRegistry();
        this.tracker = new ServiceTracker<>(context,
                context.createFilter("(&(osgi.command.scope=" + SCOPE + ")(osgi.command.function=*))"), null) {
            @Override
            public ServiceReference<?> addingService(ServiceReference<Object> reference) {
                synchronized (added) {
                    if (closed) {
                        return reference;
                    }
                    added.put(reference, new ArrayList<>());
                }
                for (String function : functions(reference.getProperty("osgi.command.function"))) {
                    Syntax syntax = Syntaxes.COMMANDS.get(function);
                    if (syntax != null) {
                        attach(reference, function, syntax, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS));
                    }
                }
                return reference;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, ServiceReference<?> tracked) {
                // the function is going: Karaf unregisters its own command, this one goes as well
                detach(reference, false);
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        retries.shutdownNow();
        List<ServiceReference<?>> references;
        synchronized (added) {
            closed = true; // a function registered from now on is left to Karaf alone
            references = new ArrayList<>(added.keySet());
        }
        // the functions stay: Karaf's commands must be left as Karaf had them
        references.forEach(reference -> detach(reference, true));
        tracker.close();
    }

    /** Adds the completing command for {@code function} once Karaf's command for it is registered. */
    private void attach(ServiceReference<?> reference, String function, Syntax syntax, long deadline) {
        synchronized (added) {
            List<CompletingCommand> commands = added.get(reference);
            if (commands == null) {
                return; // gone meanwhile
            }
            Command karafs = registry.getCommand(SCOPE, function);
            if (karafs != null && !(karafs instanceof CompletingCommand)) {
                CompletingCommand command = new CompletingCommand(karafs, syntax, vocabulary);
                registry.register(command);
                commands.add(command);
                return;
            }
        }
        if (System.nanoTime() - deadline > 0) {
            LOG.warn("Karaf's shell did not register {}:{} within {} ms: its arguments are not completed", SCOPE,
                    function, WAIT_MS);
            return;
        }
        try {
            retries.schedule(() -> attach(reference, function, syntax, deadline), RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // deactivated meanwhile
        }
    }

    /**
     * Removes what was added for {@code reference}.
     *
     * @param restore whether Karaf's commands stay: unregistering a command removes its name from
     *        Karaf's command processor, whichever command held it, so Karaf's own is registered
     *        anew (the same object, wrapped again by Karaf) to take it back
     */
    private void detach(ServiceReference<?> reference, boolean restore) {
        synchronized (added) {
            List<CompletingCommand> commands = added.remove(reference);
            if (commands == null) {
                return;
            }
            for (CompletingCommand command : commands) {
                registry.unregister(command);
                Command karafs = command.karafs();
                if (restore && registry.getCommand(karafs.getScope(), karafs.getName()) == karafs) {
                    registry.unregister(karafs);
                    registry.register(karafs);
                }
            }
        }
    }

    /** @return the names in {@code osgi.command.function}: one string, or an array of them */
    static List<String> functions(Object property) {
        List<String> names = new ArrayList<>();
        if (property instanceof Object[] array) {
            for (Object name : array) {
                names.add(String.valueOf(name));
            }
        } else if (property instanceof Iterable<?> iterable) {
            iterable.forEach(name -> names.add(String.valueOf(name)));
        } else if (property != null) {
            names.add(property.toString());
        }
        return names;
    }
}
