package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.LoggerFactory;

import io.reclaim.itests.ReclaimTestSupport;

/**
 * DESIGN rule 12 when the framework stops (a Karaf shutdown, the end of the shell's input): a live
 * pid holding one resource of every type and an OS child ends through the whole ranked cleanup,
 * os-process first, before any manager lets go of what it tracks.
 *
 * <p>The framework under test is launched here, not by pax-exam, because the test must go on
 * after the framework stopped. Its system bundle exports the api (and Configuration Admin's) from
 * this class path, so that the test and the bundles share their classes; every other bundle is a
 * jar Maven resolved.
 */
public class FrameworkStopOrderIT extends ReclaimTestSupport {

    @Test
    public void stoppingTheFrameworkEndsEveryPidInRankingOrderFirst() throws Exception {
        Framework framework = launch();
        try {
            HeldProcess held = HeldProcess.spawn(framework.getBundleContext());

            framework.stop();
            assertEquals(FrameworkEvent.STOPPED, framework.waitForStop(WAIT_MS).getType());

            held.assertEndedInRankingOrder();
        } finally {
            framework.stop();
            framework.waitForStop(WAIT_MS);
        }
    }

    private static Framework launch() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, new File("target/framework-stop-order").getAbsolutePath());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                exports(reclaimBundleFile("reclaim-api")) + "," + exports(jarOf(LoggerFactory.class)) + ","
                        + exports(jarOf(ConfigurationAdmin.class)));
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<File> jars = new ArrayList<>(List.of(jarOf(org.osgi.util.function.Function.class),
                jarOf(org.osgi.util.promise.Promise.class), jarOf(org.osgi.service.component.ComponentContext.class),
                jarOf(org.apache.felix.cm.impl.Activator.class), jarOf(org.apache.felix.scr.impl.Activator.class),
                jarOf(com.sun.jna.Native.class)));
        for (String name : PLATFORM) {
            if (!name.equals("reclaim-api")) { // the system bundle exports it
                jars.add(reclaimBundleFile(name));
            }
        }
        for (String name : RESOURCES) {
            jars.add(reclaimBundleFile(name));
        }
        List<Bundle> bundles = new ArrayList<>();
        for (File jar : jars) {
            bundles.add(context.installBundle(jar.toURI().toString()));
        }
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        return framework;
    }

    private static File jarOf(Class<?> type) throws URISyntaxException {
        return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String exports(File jar) throws IOException {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }
}
