package io.reclaim.orchestrator.internal;

import java.util.OptionalInt;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.reclaim.api.Rankings;
import io.reclaim.api.ResourceCleanup;

/**
 * The service properties the orchestrator needs from a {@link ResourceCleanup} service.
 *
 * @param serviceId its {@code service.id}
 * @param ranking its {@code service.ranking} as a number, 0 if it has none, empty if it is set to
 *     something that is not an integer
 * @param rawRanking the {@code service.ranking} as set, for messages
 * @param bundle symbolic name of the bundle that registered it
 * @param declaredType its {@value ResourceCleanup#RESOURCE_TYPE} property, or {@code null}
 * @param component the name (and configuration pid) of the component that registered it, or
 *     "cleanup handler service <id>" if no component did
 */
record HandlerProperties(long serviceId, OptionalInt ranking, Object rawRanking, String bundle, Object declaredType,
        String component) {

    /** DS sets it on every component's service; it is also the default configuration pid. */
    static final String COMPONENT_NAME = "component.name";

    /**
     * @throws IllegalArgumentException if {@code service.id} is not a Long
     */
    static HandlerProperties of(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (!(id instanceof Long)) {
            throw new IllegalArgumentException(Constants.SERVICE_ID + " is not a Long: " + describe(id));
        }
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        Bundle bundle = reference.getBundle();
        Object component = reference.getProperty(COMPONENT_NAME);
        if (component == null) {
            component = reference.getProperty(Constants.SERVICE_PID);
        }
        return new HandlerProperties((Long) id, ranking(ranking), ranking, bundle == null ? "?" : bundle.getSymbolicName(),
                reference.getProperty(ResourceCleanup.RESOURCE_TYPE), component == null ? "cleanup handler service " + id : component.toString());
    }

    /**
     * Reads a ranking as Configuration Admin may hold it: an Integer (DS, the API), a Long (Felix
     * Gogo stores a plain number as one) or text (Karaf's {@code config:property-set} and
     * {@code etc/*.cfg} store text).
     *
     * @return the ranking, 0 if none is set, or empty if {@code value} is no integer in int range
     */
    static OptionalInt ranking(Object value) {
        return value == null ? OptionalInt.of(0) : Rankings.parse(value);
    }

    /** @return the bad ranking as shown in a message: its type and value */
    String describeRanking() {
        return describe(rawRanking);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        String shown = value instanceof Object[] array ? java.util.Arrays.toString(array) : value.toString();
        return value.getClass().getSimpleName() + " '" + shown + "'";
    }
}
