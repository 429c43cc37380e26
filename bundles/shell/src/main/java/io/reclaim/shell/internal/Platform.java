package io.reclaim.shell.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * The process manager and the orchestrator as the commands see them: present or not, the
 * commands stay registered. While one is missing (its bundle stopped or being refreshed) every
 * command answers one line that says what is missing, instead of Gogo losing the commands and
 * answering {@code CommandNotFoundException}.
 */
@Component(name = "io.reclaim.shell.platform", service = Platform.class)
public final class Platform {

    private static final String PROCESS_BUNDLE = "io.reclaim.process";
    private static final String ORCHESTRATOR_BUNDLE = "io.reclaim.orchestrator";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProcessManager processManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ResourceOrchestrator resourceOrchestrator;

    private final BundleContext context;
    private final boolean alwaysComplete;

    @Activate
    public Platform(BundleContext context) {
        this(context, false);
    }

    private Platform(BundleContext context, boolean alwaysComplete) {
        this.context = context;
        this.alwaysComplete = alwaysComplete;
    }

    /** Always complete: the commands were handed their services directly, without a framework. */
    static final Platform COMPLETE = new Platform(null, true);

    /**
     * Prints {@code reclaim:<function>: the platform is incomplete: ...} if the process manager or
     * the orchestrator is missing.
     *
     * @return whether the command must stop here
     */
    boolean incomplete(String function) {
        if (alwaysComplete) {
            return false;
        }
        List<String> missing = new ArrayList<>(2);
        if (processManager == null) {
            missing.add("no process manager (" + state(PROCESS_BUNDLE) + ")");
        }
        if (resourceOrchestrator == null) {
            missing.add("no orchestrator (" + state(ORCHESTRATOR_BUNDLE) + ")");
        }
        if (missing.isEmpty()) {
            return false;
        }
        Console.error(function, "the platform is incomplete: " + String.join(", ", missing));
        return true;
    }

    /** The process manager of the moment; a call while it is gone fails with {@link IllegalStateException}. */
    ProcessManager processes() {
        return follow(ProcessManager.class, () -> processManager, "no process manager");
    }

    /** The orchestrator of the moment; a call while it is gone fails with {@link IllegalStateException}. */
    ResourceOrchestrator orchestrator() {
        return follow(ResourceOrchestrator.class, () -> resourceOrchestrator, "no orchestrator");
    }

    private String state(String symbolicName) {
        if (context == null) {
            return "no framework";
        }
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return "bundle " + symbolicName + (bundle.getState() == Bundle.ACTIVE ? " is active but has not registered it"
                        : " is not active");
            }
        }
        return "bundle " + symbolicName + " is not installed";
    }

    /** A view that calls whatever service is there at the time of the call. */
    private static <T> T follow(Class<T> type, Supplier<T> current, String missing) {
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            T target = current.get();
            if (target == null) {
                if (method.getDeclaringClass() == Object.class) {
                    return method.getName().equals("equals") ? proxy == args[0]
                            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : missing;
                }
                throw new IllegalStateException("the platform is incomplete: " + missing);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(view);
    }
}
