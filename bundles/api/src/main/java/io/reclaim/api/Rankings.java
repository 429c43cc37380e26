package io.reclaim.api;

import java.util.OptionalInt;

/**
 * Reads a {@code service.ranking} (or any ranking property) as Configuration Admin may hold it: an
 * {@code Integer} (DS, the API), a {@code Long} (Felix Gogo stores a plain number as one) or text
 * (Karaf's {@code config:property-set} and {@code etc/*.cfg} store text). One reading for the
 * orchestrator and the process manager, so a ranking means the same number wherever it is set.
 */
public final class Rankings {

    private Rankings() {
    }

    /**
     * @return the ranking, or empty if {@code value} is {@code null} or no integer in int range
     *     (a Short, a Double or an array included: the framework would quietly read those as 0)
     */
    public static OptionalInt parse(Object value) {
        if (value instanceof Integer number) {
            return OptionalInt.of(number);
        }
        if (value instanceof Long number) {
            return number == number.intValue() ? OptionalInt.of(number.intValue()) : OptionalInt.empty();
        }
        if (value instanceof String text) {
            try {
                return OptionalInt.of(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
