package io.reclaim.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What one cleanup really freed. Stats combine with {@link #plus(CleanupStats)}.
 *
 * @param resourcesFreed resources released successfully
 * @param bytesFreed real size of what was released (mapped length, allocation size), 0 for types
 *     without a size
 * @param errorsEncountered releases that failed
 * @param errors one message per failure, in the order they happened
 * @param resourcesQuarantined native regions released while code still pinned them: kept, not
 *     freed, until their last pin ends (they are no longer tracked for the pid)
 * @param bytesQuarantined their size in bytes
 * @param resourcesInherited resources handed to the pid's heir instead of being released
 */
public record CleanupStats(long resourcesFreed, long bytesFreed, long errorsEncountered, List<String> errors,
        long resourcesQuarantined, long bytesQuarantined, long resourcesInherited) {

    public static final CleanupStats NONE = new CleanupStats(0, 0, 0, List.of());

    public CleanupStats {
        errors = List.copyOf(errors);
    }

    /** Stats with nothing quarantined, as before quarantine existed. */
    public CleanupStats(long resourcesFreed, long bytesFreed, long errorsEncountered, List<String> errors) {
        this(resourcesFreed, bytesFreed, errorsEncountered, errors, 0, 0, 0);
    }

    /** Stats with nothing inherited, as before heirs existed. */
    public CleanupStats(long resourcesFreed, long bytesFreed, long errorsEncountered, List<String> errors,
            long resourcesQuarantined, long bytesQuarantined) {
        this(resourcesFreed, bytesFreed, errorsEncountered, errors, resourcesQuarantined, bytesQuarantined, 0);
    }

    public static CleanupStats freed(long resources, long bytes) {
        return new CleanupStats(resources, bytes, 0, List.of());
    }

    public static CleanupStats failed(String message) {
        return new CleanupStats(0, 0, 1, List.of(message));
    }

    /** Regions left in quarantine because running code still pinned them. */
    public static CleanupStats quarantined(long resources, long bytes) {
        return new CleanupStats(0, 0, 0, List.of(), resources, bytes);
    }

    /** Resources handed to an heir. */
    public static CleanupStats inherited(long resources) {
        return resources == 0 ? NONE : new CleanupStats(0, 0, 0, List.of(), 0, 0, resources);
    }

    public CleanupStats plus(CleanupStats other) {
        if (other.equals(NONE)) {
            return this;
        }
        List<String> all = new ArrayList<>(errors.size() + other.errors.size());
        all.addAll(errors);
        all.addAll(other.errors);
        return new CleanupStats(resourcesFreed + other.resourcesFreed, bytesFreed + other.bytesFreed,
                errorsEncountered + other.errorsEncountered, all, resourcesQuarantined + other.resourcesQuarantined,
                bytesQuarantined + other.bytesQuarantined, resourcesInherited + other.resourcesInherited);
    }

    public boolean hasErrors() {
        return errorsEncountered > 0;
    }

    /** @return whether some memory was kept because code still used it */
    public boolean hasQuarantined() {
        return resourcesQuarantined > 0;
    }
}
