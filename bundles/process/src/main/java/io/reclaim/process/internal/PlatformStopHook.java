package io.reclaim.process.internal;

import java.util.Collection;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ResourceCleanup;

/**
 * Ends every live process, through the whole ranked cleanup, the moment the platform is about to
 * lose a part: before SCR deactivates a single component of the stopping bundle.
 *
 * <p>A bundle event hook, not a {@code SynchronousBundleListener}: the framework calls every hook
 * before it delivers the event to any listener, whereas synchronous listeners (SCR's extender
 * among them) are called in no defined order. On STOPPING, SCR deactivates the bundle's
 * components, and a resource manager's deactivation releases every resource of every pid; when
 * the framework stops or a refresh stops a set of bundles (in no defined order either), the
 * processes must have ended first, OS children before sockets, memory last (DESIGN rule 12).
 *
 * <p>Processes end when one of these is STOPPING:
 * <ul>
 * <li>the system bundle: the framework stops;
 * <li>the bundles the process manager cannot work without: the api, the orchestrator's and its own;
 * <li>a bundle registering a cleanup handler while it is still persistently started: a transient
 *     stop, as a refresh, an update or a lower start level make. A resource bundle that someone
 *     stops for good releases its own resources and the processes live on (DESIGN rule 5).
 * </ul>
 */
final class PlatformStopHook implements EventHook {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformStopHook.class);

    private final Set<Bundle> essential;
    private final DefaultProcessManager manager;

    /** @param essential the bundles without which the process manager cannot end a process */
    PlatformStopHook(Set<Bundle> essential, DefaultProcessManager manager) {
        this.essential = Set.copyOf(essential);
        this.manager = manager;
    }

    @Override
    public void event(BundleEvent event, Collection<BundleContext> contexts) {
        if (event.getType() != BundleEvent.STOPPING) {
            return;
        }
        Bundle bundle = event.getBundle();
        try {
            String why = reason(bundle);
            if (why != null) {
                int ended = manager.endAll();
                if (ended > 0) {
                    LOG.info("{} {}: ended {} live process(es) first, in cleanup order", bundle.getSymbolicName(), why, ended);
                }
            }
        } catch (Throwable t) {
            // the framework would log and drop it; the bundle stops either way, and every
            // resource bundle still releases what it tracks when it stops (DESIGN rule 5)
            LOG.error("ending the live processes before {} stops failed", bundle.getSymbolicName(), t);
        }
    }

    /** @return why the processes must end before {@code bundle} stops, or {@code null} if they need not */
    private String reason(Bundle bundle) {
        if (bundle.getBundleId() == 0) {
            return "is stopping the framework";
        }
        if (essential.contains(bundle)) {
            return "is stopping";
        }
        if (registersCleanup(bundle) && persistentlyStarted(bundle)) {
            return "is stopping to be refreshed or updated";
        }
        return null;
    }

    private static boolean registersCleanup(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered == null) {
            return false;
        }
        for (ServiceReference<?> reference : registered) {
            if (reference.getProperty("objectClass") instanceof String[] classes
                    && Set.of(classes).contains(ResourceCleanup.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean persistentlyStarted(Bundle bundle) {
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel != null && startLevel.isPersistentlyStarted();
    }
}
