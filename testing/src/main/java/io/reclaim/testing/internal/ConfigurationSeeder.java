package io.reclaim.testing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configurations that {@code ReclaimOptions.configure} passed as framework properties
 * ({@value #PREFIX}{@code n} = pid, key, type and value), through Configuration Admin, as the kit's
 * bundle starts. The options start Configuration Admin before the kit and the kit before
 * Reclaim's bundles, so each component starts with its configuration.
 */
public final class ConfigurationSeeder implements BundleActivator {

    /** The framework properties this reads, numbered from 1. */
    public static final String PREFIX = "reclaim.testing.configure.";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSeeder.class);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * One property value: pid, key, the value's type and the value, each Base64 so any text
     * survives, joined by dots.
     *
     * @throws IllegalArgumentException if the value is not a String, Integer, Long, Double or Boolean
     */
    public static String encode(String pid, String key, Object value) {
        String type;
        if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            type = value.getClass().getSimpleName();
        } else {
            throw new IllegalArgumentException("a configuration value is a String, Integer, Long, Double or Boolean, got "
                    + value.getClass().getName() + " for " + pid + " " + key);
        }
        return part(pid) + "." + part(key) + "." + part(type) + "." + part(value.toString());
    }

    private static Object typed(String type, String text) {
        return switch (type) {
            case "Integer" -> Integer.valueOf(text);
            case "Long" -> Long.valueOf(text);
            case "Double" -> Double.valueOf(text);
            case "Boolean" -> Boolean.valueOf(text);
            default -> text;
        };
    }

    @Override
    public void start(BundleContext context) throws IOException {
        Map<String, Dictionary<String, Object>> configurations = new LinkedHashMap<>();
        for (int n = 1; context.getProperty(PREFIX + n) != null; n++) {
            String[] parts = context.getProperty(PREFIX + n).split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException(PREFIX + n + " is not a configuration of ReclaimOptions.configure");
            }
            configurations.computeIfAbsent(decode(parts[0]), pid -> new Hashtable<>()).put(decode(parts[1]),
                    typed(decode(parts[2]), decode(parts[3])));
        }
        if (configurations.isEmpty()) {
            return;
        }
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        if (reference == null) {
            throw new IllegalStateException("ReclaimOptions.configure needs Configuration Admin started before the kit");
        }
        ConfigurationAdmin admin = context.getService(reference);
        try {
            for (Map.Entry<String, Dictionary<String, Object>> entry : configurations.entrySet()) {
                Configuration configuration = admin.getConfiguration(entry.getKey(), "?");
                // into what is there, not instead of it: a Karaf feature's defaults keep their file
                // (felix.fileinstall.filename), so Karaf writes the new values back to etc/ rather
                // than reading the file's old ones over them
                Dictionary<String, Object> properties = configuration.getProperties();
                if (properties == null) {
                    properties = new Hashtable<>();
                }
                for (Enumeration<String> keys = entry.getValue().keys(); keys.hasMoreElements();) {
                    String key = keys.nextElement();
                    properties.put(key, entry.getValue().get(key));
                }
                configuration.update(properties);
                LOG.info("configured {}: {}", entry.getKey(), new TreeMap<>(toMap(entry.getValue())));
            }
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // the configurations stay: they belong to the test's framework, which ends with the test
    }

    private static String part(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(DECODER.decode(part), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (var keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
