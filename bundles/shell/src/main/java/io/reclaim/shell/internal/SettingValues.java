package io.reclaim.shell.internal;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * Reads a value typed in the shell as its Metatype attribute definition says: the type
 * (Configuration Admin then holds an {@code Integer} for an int, a {@code Long} for a long, never
 * text), the options, the bounds and the cardinality (a comma-separated list for an array).
 * Every refusal is one line naming the key, what it takes and what was given.
 */
final class SettingValues {

    private SettingValues() {
    }

    /**
     * @return the value to store
     * @throws IllegalArgumentException saying what {@code key} takes
     */
    static Object parse(AttributeDefinition definition, String text) {
        String key = definition.getID();
        if (definition.getCardinality() == 0) {
            Object value = scalar(definition, text.trim());
            check(definition, text.trim());
            return value;
        }
        List<String> parts = text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
        int bound = Math.abs(definition.getCardinality());
        if (bound != Integer.MAX_VALUE && parts.size() > bound) {
            throw new IllegalArgumentException(key + " takes at most " + bound + " values, got " + parts.size());
        }
        List<Object> values = new ArrayList<>(parts.size());
        for (String part : parts) {
            values.add(scalar(definition, part));
            check(definition, part);
        }
        // a positive cardinality is an array, a negative one a list (a Vector in Metatype's words)
        return definition.getCardinality() > 0 ? array(definition.getType(), values) : List.copyOf(values);
    }

    /** @return what {@code definition} takes, e.g. {@code "a whole number (long)"} */
    static String describe(AttributeDefinition definition) {
        String[] options = definition.getOptionValues();
        if (options != null && options.length > 0) {
            return "one of " + String.join(", ", options);
        }
        String kind = switch (definition.getType()) {
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE ->
                    "a whole number";
            case AttributeDefinition.LONG -> "a whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "one character";
            default -> "text";
        };
        String bounds = bounds(definition);
        return definition.getCardinality() == 0 ? kind + bounds : "a comma-separated list, each " + kind + bounds;
    }

    /**
     * @return {@code ", at least 1"}, {@code ", from 0 to 10"} or empty: the bounds of a whole
     *     number, found through {@link AttributeDefinition#validate(String)} (the Metatype API has
     *     no getter for them) by bisection, the valid values being one interval
     */
    static String bounds(AttributeDefinition definition) {
        long low;
        long high;
        switch (definition.getType()) {
            case AttributeDefinition.INTEGER:
                low = Integer.MIN_VALUE;
                high = Integer.MAX_VALUE;
                break;
            case AttributeDefinition.LONG:
                low = Long.MIN_VALUE;
                high = Long.MAX_VALUE;
                break;
            default:
                return "";
        }
        boolean lowValid = valid(definition, low);
        boolean highValid = valid(definition, high);
        if (lowValid && highValid) {
            return "";
        }
        Long min = lowValid ? null : edge(definition, low, high, true);
        Long max = highValid ? null : edge(definition, low, high, false);
        if (definition.getType() == AttributeDefinition.INTEGER) {
            // an int has bounds anyway: say both, so that a number too big for it reads right
            min = min == null ? Long.valueOf(Integer.MIN_VALUE) : min;
            max = max == null ? Long.valueOf(Integer.MAX_VALUE) : max;
        }
        if (min != null && max != null) {
            return ", from " + min + " to " + max;
        }
        return min != null ? ", at least " + min : max != null ? ", at most " + max : "";
    }

    /** @return the lowest (or highest) valid value between {@code low} and {@code high}, or null if none is */
    private static Long edge(AttributeDefinition definition, long low, long high, boolean lowest) {
        // a valid value to start from: the default, else 0
        String[] defaults = definition.getDefaultValue();
        long inside;
        try {
            inside = defaults != null && defaults.length > 0 ? Long.parseLong(defaults[0].trim()) : 0;
        } catch (NumberFormatException e) {
            inside = 0;
        }
        if (!valid(definition, inside)) {
            return null;
        }
        BigInteger invalid = BigInteger.valueOf(lowest ? low : high);
        BigInteger good = BigInteger.valueOf(inside);
        while (good.subtract(invalid).abs().compareTo(BigInteger.ONE) > 0) {
            BigInteger middle = good.add(invalid).shiftRight(1);
            if (valid(definition, middle.longValueExact())) {
                good = middle;
            } else {
                invalid = middle;
            }
        }
        return good.longValueExact();
    }

    private static boolean valid(AttributeDefinition definition, long value) {
        String problem = definition.validate(Long.toString(value));
        return problem == null || problem.isEmpty();
    }

    private static Object scalar(AttributeDefinition definition, String text) {
        String key = definition.getID();
        String[] options = definition.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
            throw new IllegalArgumentException(key + " is one of " + String.join(", ", options) + ", got '"
                    + Names.display(text) + "'");
        }
        try {
            switch (definition.getType()) {
                case AttributeDefinition.INTEGER:
                    return Integer.valueOf(text);
                case AttributeDefinition.LONG:
                    return Long.valueOf(text);
                case AttributeDefinition.SHORT:
                    return Short.valueOf(text);
                case AttributeDefinition.BYTE:
                    return Byte.valueOf(text);
                case AttributeDefinition.DOUBLE:
                    return Double.valueOf(text);
                case AttributeDefinition.FLOAT:
                    return Float.valueOf(text);
                case AttributeDefinition.BOOLEAN:
                    String lower = text.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new IllegalArgumentException(key + " is true or false, got '" + Names.display(text) + "'");
                    }
                    return Boolean.valueOf(lower);
                case AttributeDefinition.CHARACTER:
                    if (text.length() != 1) {
                        throw new IllegalArgumentException(key + " is one character, got '" + Names.display(text) + "'");
                    }
                    return text.charAt(0);
                default:
                    if (definition.getType() == AttributeDefinition.STRING && text.isEmpty()
                            && definition.getCardinality() == 0 && isRequired(definition)) {
                        throw new IllegalArgumentException(key + " cannot be empty");
                    }
                    return text;
            }
        } catch (NumberFormatException e) {
            String bounds = bounds(definition);
            throw new IllegalArgumentException(key + " is " + (bounds.isEmpty() ? range(definition.getType())
                    : "a whole number" + bounds) + ", got '" + Names.display(text) + "'");
        }
    }

    /** Bounds and whatever else the Metatype service checks ({@code min}, {@code max}). */
    private static void check(AttributeDefinition definition, String text) {
        String problem = definition.validate(text);
        if (problem != null && !problem.isEmpty()) {
            String bounds = bounds(definition);
            throw new IllegalArgumentException(definition.getID() + " is " + describe(definition).replace(
                    "a comma-separated list, each ", "") + ", got '" + Names.display(text) + "'"
                    + (bounds.isEmpty() ? " (" + Names.oneLine(problem) + ")" : ""));
        }
    }

    private static boolean isRequired(AttributeDefinition definition) {
        // Metatype 1.3+ (Felix) answers through validate(""): an empty value of a required attribute is refused
        String problem = definition.validate("");
        return problem != null && !problem.isEmpty();
    }

    private static String range(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER -> "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case AttributeDefinition.LONG -> "a whole number";
            case AttributeDefinition.SHORT -> "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            case AttributeDefinition.BYTE -> "a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
            default -> "a number";
        };
    }

    private static Object array(int type, List<Object> values) {
        Class<?> component = switch (type) {
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            default -> String.class;
        };
        Object array = Array.newInstance(component, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, values.get(i));
        }
        return array;
    }
}
