package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.Tracking;

/**
 * The settings every resource type built on {@link ResourceManagerSupport} has, whatever its own
 * Metatype says: keys of its component's configuration (Configuration Admin, {@code etc/*.cfg},
 * {@code reclaim:config}), applied to its ledger when the component registers its handler and on
 * every change. A value may be given typed or as text, as Karaf's configuration files store it.
 */
public final class LedgerSettings {

    /** {@code off} (the default), {@code sampled} or {@code all}: see {@link Tracking}. */
    public static final String TRACKING = Tracking.PROPERTY;
    /** One acquisition in this many is recorded when sampled; {@value Tracking#DEFAULT_SAMPLE} by default. */
    public static final String SAMPLE = Tracking.SAMPLE_PROPERTY;
    /** Seconds a running pid may hold one resource before it is reported as held too long; 0 (the default) is off. */
    public static final String HELD_TOO_LONG = "reclaim.heldTooLong";
    /** The most resources of the type one pid may hold; unlimited by default. */
    public static final String LIMIT_COUNT = ResourceLimit.COUNT_PROPERTY;
    /** The most bytes of the type one pid may hold; unlimited by default. */
    public static final String LIMIT_BYTES = ResourceLimit.BYTES_PROPERTY;
    /** Whether an heir gets the type's resources when their owner ends (types that allow transfers); true by default. */
    public static final String INHERIT = "reclaim.inherit";

    /** Each key, with what it takes, in the order a listing shows them. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(TRACKING, "off | sampled | all");
        keys.put(SAMPLE, "a whole number, 1 or more");
        keys.put(HELD_TOO_LONG, "seconds, 0 or more (0: off)");
        keys.put(LIMIT_COUNT, "a whole number, 0 or more (absent: no limit)");
        keys.put(LIMIT_BYTES, "bytes, 0 or more (absent: no limit)");
        keys.put(INHERIT, "true | false");
        KEYS = Collections.unmodifiableMap(keys);
    }

    /** The settings read from one configuration. */
    record Values(Tracking tracking, int sample, Duration heldTooLong, ResourceLimit limit, boolean inherit) {
    }

    private LedgerSettings() {
    }

    /**
     * Applies {@code settings} to the ledger behind {@code handler}, as a component's configuration
     * does; absent keys take their defaults.
     *
     * @return false if the handler is not one of a {@link ResourceManagerSupport}: nothing to apply to
     * @throws IllegalArgumentException naming the key and the value, if one is malformed; nothing changes
     */
    public static boolean apply(ResourceCleanup handler, Map<String, ?> settings) {
        return ResourceManagerSupport.configure(handler, settings);
    }

    /**
     * Checks one setting as a user typed it.
     *
     * @return the value typed as it is stored: a {@code String} for the tracking level, a
     *     {@code Boolean}, else a {@code Long}
     * @throws IllegalArgumentException naming the key and what it takes, if the key is not one of
     *     these or the value does not fit
     */
    public static Object parse(String key, String text) {
        if (!KEYS.containsKey(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a setting of every resource type; they are: "
                    + String.join(", ", KEYS.keySet()));
        }
        Map<String, Object> one = Map.of(key, text);
        Values values = read(one);
        switch (key) {
            case TRACKING:
                return values.tracking().toString();
            case INHERIT:
                return values.inherit();
            case SAMPLE:
                return (long) values.sample();
            case HELD_TOO_LONG:
                return values.heldTooLong().toSeconds();
            case LIMIT_COUNT:
                return values.limit().count();
            default:
                return values.limit().bytes();
        }
    }

    /**
     * Reads every setting of a configuration; absent keys give their defaults.
     *
     * @throws IllegalArgumentException naming the key and the value, if one is malformed
     */
    static Values read(Map<String, ?> properties) {
        Object level = properties.get(TRACKING);
        Tracking tracking = level == null ? Tracking.OFF : Tracking.parse(level.toString());
        int sample = (int) number(properties, SAMPLE, Tracking.DEFAULT_SAMPLE, 1, Integer.MAX_VALUE);
        long heldTooLong = number(properties, HELD_TOO_LONG, 0, 0, Long.MAX_VALUE / 1_000_000_000L);
        ResourceLimit limit = new ResourceLimit(number(properties, LIMIT_COUNT, Long.MAX_VALUE, 0, Long.MAX_VALUE),
                number(properties, LIMIT_BYTES, Long.MAX_VALUE, 0, Long.MAX_VALUE));
        Object inherit = properties.get(INHERIT);
        String inheritText = inherit == null ? "true" : inherit.toString().trim();
        if (!inheritText.equalsIgnoreCase("true") && !inheritText.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(INHERIT + " must be true or false, not '" + inherit + "'");
        }
        return new Values(tracking, sample, Duration.ofSeconds(heldTooLong), limit, Boolean.parseBoolean(inheritText));
    }

    private static long number(Map<String, ?> properties, String key, long absent, long min, long max) {
        Object value = properties.get(key);
        if (value == null) {
            return absent;
        }
        try {
            long number = value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min
                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + value + "'");
    }
}
