package io.reclaim.process.internal;

import java.util.Locale;

import io.reclaim.api.ProcessSpec;
import io.reclaim.process.ProcessManagers;

/**
 * The cgroup limits a spec asks for, in the form the kernel takes them.
 *
 * @param memoryMax bytes or {@code max}; {@code null} when not asked for
 * @param pidsMax a count or {@code max}; {@code null} when not asked for
 */
record Limits(String memoryMax, String pidsMax) {

    /**
     * @throws IllegalArgumentException if a limit is not a positive number (with an optional K, M,
     *     G or T suffix for memory) or {@code max}
     */
    static Limits of(ProcessSpec spec) {
        return new Limits(memory(spec.properties().get(ProcessManagers.MEMORY_MAX_PROPERTY)),
                pids(spec.properties().get(ProcessManagers.PIDS_MAX_PROPERTY)));
    }

    boolean any() {
        return memoryMax != null || pidsMax != null;
    }

    private static String memory(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim().toUpperCase(Locale.ROOT);
        if (text.equals("MAX")) {
            return "max";
        }
        long unit = 1;
        if (!text.isEmpty() && "KMGT".indexOf(text.charAt(text.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMGT".indexOf(text.charAt(text.length() - 1)) + 1));
            text = text.substring(0, text.length() - 1);
        }
        long bytes = positive(text, ProcessManagers.MEMORY_MAX_PROPERTY, value);
        if (bytes > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException(ProcessManagers.MEMORY_MAX_PROPERTY + " is too large: '" + value + "'");
        }
        return Long.toString(bytes * unit);
    }

    private static String pids(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        if (text.equalsIgnoreCase("max")) {
            return "max";
        }
        return Long.toString(positive(text, ProcessManagers.PIDS_MAX_PROPERTY, value));
    }

    private static long positive(String text, String property, String given) {
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1) {
            throw new IllegalArgumentException(property + " must be a positive number or 'max', got '" + given + "'");
        }
        return number;
    }
}
