package io.reclaim.api.ledger;

import io.reclaim.api.ResourceCleanup;

/** The cleanup handler of a component built by its test, as the component registers it. */
public final class Handlers {

    private Handlers() {
    }

    public static ResourceCleanup of(ResourceManagerSupport<?> manager) {
        return manager.cleanupHandler();
    }
}
