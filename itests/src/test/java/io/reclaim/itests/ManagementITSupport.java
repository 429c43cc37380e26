package io.reclaim.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;

/** The platform with Event Admin, the Felix HC API and Reclaim's management bundle. */
abstract class ManagementITSupport extends ReclaimTestSupport {

    /** The platform and the management bundle alone: no Event Admin, no Felix HC API. */
    static Option[] managedWithoutEventAdminOrHealthChecks() {
        String[] bundles = new String[PLATFORM.length + 1];
        System.arraycopy(PLATFORM, 0, bundles, 0, PLATFORM.length);
        bundles[PLATFORM.length] = "reclaim-management";
        return platform(bundles);
    }

    static Option[] managed() {
        String[] bundles = new String[PLATFORM.length + 1];
        System.arraycopy(PLATFORM, 0, bundles, 0, PLATFORM.length);
        bundles[PLATFORM.length] = "reclaim-management";
        return options(
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.api").versionAsInProject(),
                composite(platform(bundles)));
    }

    ServiceRegistration<ResourceCleanup> register(ResourceCleanup handler, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ResourceCleanup.RESOURCE_TYPE, handler.resourceType());
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(ResourceCleanup.class, handler, properties);
    }

    /** A resource type whose cleanup throws an Error before closing the file it holds: a real leaked fd. */
    static final class Leaky implements ResourceCleanup, AutoCloseable {
        private final Map<Pid, FileChannel> open = new ConcurrentHashMap<>();

        void open(Pid pid, Path file) throws IOException {
            open.put(pid, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        }

        @Override
        public CleanupStats cleanup(Pid pid) {
            throw new AssertionError("a bug in the leaky handler");
        }

        @Override
        public String resourceType() {
            return "leaky";
        }

        @Override
        public boolean hasResources(Pid pid) {
            return open.containsKey(pid);
        }

        @Override
        public ResourceUsage usage(Pid pid) {
            return hasResources(pid) ? new ResourceUsage(1, 0) : ResourceUsage.NONE;
        }

        @Override
        public List<Pid> owners() {
            return List.copyOf(open.keySet());
        }

        /** Closes what the failing cleanup left, as an operator's reap would. */
        @Override
        public void close() throws IOException {
            for (FileChannel channel : open.values()) {
                channel.close();
            }
            open.clear();
        }
    }

    /** A cleanup handler that hangs, ignoring interruption, until it is let go. */
    static final class Hanging implements ResourceCleanup {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public CleanupStats cleanup(Pid pid) {
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true; // a hung handler does not stop because it is asked to
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return CleanupStats.NONE;
        }

        @Override
        public String resourceType() {
            return "hanging";
        }

        @Override
        public boolean hasResources(Pid pid) {
            return false;
        }
    }
}
