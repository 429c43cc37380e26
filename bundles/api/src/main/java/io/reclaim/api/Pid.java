package io.reclaim.api;

/**
 * The id of a managed process: a positive long, never reused within one run of the platform.
 *
 * @param value the numeric id, always greater than zero
 */
public record Pid(long value) implements Comparable<Pid> {

    /**
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public Pid {
        if (value <= 0) {
            throw new IllegalArgumentException("a pid is a positive number, got " + value);
        }
    }

    public static Pid of(long value) {
        return new Pid(value);
    }

    /**
     * Reads a pid as a user typed it.
     *
     * @throws IllegalArgumentException with a one-line message if {@code text} is empty, not a
     *     number, zero or negative
     */
    public static Pid parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a pid is required");
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a pid is a positive number, got '" + text.trim() + "'");
        }
        return new Pid(value);
    }

    @Override
    public int compareTo(Pid other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
