package io.reclaim.api;

import java.util.HashMap;
import java.util.Map;

/**
 * How much of one resource type one pid may hold at a time: a count and, for types with a size,
 * bytes. The ledger enforces it when a resource is acquired, as the kernel enforces
 * {@code RLIMIT_NOFILE}.
 *
 * <p>Each type has a default (its configuration's {@value #COUNT_PROPERTY} and
 * {@value #BYTES_PROPERTY}); a process replaces it with the {@link ProcessSpec} properties
 * {@code limit.<type>.count} and {@code limit.<type>.bytes} (see {@link #of(ProcessSpec)}).
 *
 * @param count the most resources held at once; {@link Long#MAX_VALUE} for no limit
 * @param bytes the most bytes held at once; {@link Long#MAX_VALUE} for no limit
 */
public record ResourceLimit(long count, long bytes) {

    /** No limit at all. */
    public static final ResourceLimit UNLIMITED = new ResourceLimit(Long.MAX_VALUE, Long.MAX_VALUE);

    /** Configuration property of a resource type: its default count limit per pid. */
    public static final String COUNT_PROPERTY = "reclaim.limit.count";

    /** Configuration property of a resource type: its default byte limit per pid. */
    public static final String BYTES_PROPERTY = "reclaim.limit.bytes";

    /** @throws IllegalArgumentException if either bound is negative */
    public ResourceLimit {
        if (count < 0 || bytes < 0) {
            throw new IllegalArgumentException("a resource limit cannot be negative: count " + count + ", bytes " + bytes);
        }
    }

    /** @return the {@link ProcessSpec} property that sets a pid's count limit of {@code type} */
    public static String countProperty(String type) {
        return "limit." + type + ".count";
    }

    /** @return the {@link ProcessSpec} property that sets a pid's byte limit of {@code type} */
    public static String bytesProperty(String type) {
        return "limit." + type + ".bytes";
    }

    public boolean isUnlimited() {
        return count == Long.MAX_VALUE && bytes == Long.MAX_VALUE;
    }

    /** @return whether holding {@code usage} plus one more resource of {@code size} bytes stays within */
    public boolean admits(ResourceUsage usage, long size) {
        return usage.count() < count && size <= bytes - usage.bytes();
    }

    /**
     * The limits a process sets for itself, from its {@code limit.<type>.count} and
     * {@code limit.<type>.bytes} properties. A process's own limit of a type replaces the type's
     * default: a bound it leaves out is unlimited.
     *
     * @return per type, the limit {@code spec} sets; empty if it sets none
     * @throws IllegalArgumentException naming the property, if one is not a whole number of at
     *     least 0 or names neither {@code count} nor {@code bytes}
     */
    public static Map<String, ResourceLimit> of(ProcessSpec spec) {
        Map<String, ResourceLimit> limits = null;
        for (Map.Entry<String, String> property : spec.properties().entrySet()) {
            String key = property.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String type = dot > PREFIX.length() ? key.substring(PREFIX.length(), dot) : "";
            String bound = key.substring(dot + 1);
            if (type.isEmpty() || !bound.equals("count") && !bound.equals("bytes")) {
                throw new IllegalArgumentException(key + " is not a limit: write limit.<type>.count or limit.<type>.bytes");
            }
            long value = number(key, property.getValue());
            if (limits == null) {
                limits = new HashMap<>();
            }
            ResourceLimit before = limits.getOrDefault(type, UNLIMITED);
            limits.put(type, bound.equals("count") ? new ResourceLimit(value, before.bytes())
                    : new ResourceLimit(before.count(), value));
        }
        return limits == null ? Map.of() : Map.copyOf(limits);
    }

    private static final String PREFIX = "limit.";

    private static long number(String key, String value) {
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least 0, not '" + value + "'");
    }

    @Override
    public String toString() {
        String counted = count == Long.MAX_VALUE ? "any number" : Long.toString(count);
        return bytes == Long.MAX_VALUE ? counted : counted + " / " + bytes + " bytes";
    }
}
