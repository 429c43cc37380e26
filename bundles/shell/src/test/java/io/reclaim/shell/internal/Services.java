package io.reclaim.shell.internal;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/** A service as SCR hands a {@link ComponentServiceObjects} reference to a component. */
final class Services {

    private Services() {
    }

    static <S> ComponentServiceObjects<S> of(S service) {
        return new ComponentServiceObjects<>() {
            @Override
            public S getService() {
                return service;
            }

            @Override
            public void ungetService(S got) {
                // nothing was counted
            }

            @Override
            public ServiceReference<S> getServiceReference() {
                return null;
            }
        };
    }
}
