package io.reclaim.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.reclaim.management.ReclaimEvents;

/**
 * Felix Event Admin running for real in an embedded Felix framework, with one subscriber to every
 * Reclaim topic that counts what it hears. The system bundle exports the event API from the class
 * path, so the benchmark's publisher and the framework's Event Admin share its classes.
 */
final class EventAdminFixture implements AutoCloseable {

    private final Path storage;
    private final Framework framework;
    private final EventAdmin events;
    private final LongAdder heard = new LongAdder();

    /**
     * @param handlerTimeout whether Event Admin keeps its default handler timeout (5 s, after which
     *     a handler is blacklisted): it runs every delivery to a handler on a second thread that it
     *     waits for; {@code false} sets {@code org.apache.felix.eventadmin.Timeout=0}, and each
     *     delivery runs on the delivering thread
     */
    EventAdminFixture(boolean handlerTimeout) throws Exception {
        storage = Files.createTempDirectory("churn-felix");
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.event;version=1.4.1"));
        if (!handlerTimeout) {
            // Felix Event Admin reads its settings from framework properties without Configuration Admin
            properties.put("org.apache.felix.eventadmin.Timeout", "0");
        }
        framework = new FrameworkFactory().newFramework(properties);
        framework.start();
        BundleContext context = framework.getBundleContext();
        try (InputStream jar = EventAdminFixture.class.getResourceAsStream("/bundles/eventadmin.jar")) {
            Bundle eventAdmin = context.installBundle("eventadmin.jar", jar);
            eventAdmin.start();
        }
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        events = tracker.waitForService(10_000);
        if (events == null) {
            throw new IllegalStateException("Felix Event Admin did not start");
        }
        Dictionary<String, Object> subscription = new Hashtable<>();
        subscription.put(EventConstants.EVENT_TOPIC, ReclaimEvents.TOPIC_PREFIX + "*");
        context.registerService(EventHandler.class, event -> heard.increment(), subscription);
    }

    EventAdmin events() {
        return events;
    }

    long heard() {
        return heard.sum();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
