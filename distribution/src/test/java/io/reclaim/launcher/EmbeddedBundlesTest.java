package io.reclaim.launcher;

import static io.reclaim.launcher.EmbeddedBundles.PLATFORM;
import static io.reclaim.launcher.EmbeddedBundles.RECLAIM;
import static io.reclaim.launcher.EmbeddedBundles.SHELL;
import static io.reclaim.launcher.EmbeddedBundles.startLevel;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EmbeddedBundlesTest {

    @Test
    public void reclaimBundlesStartAfterThePlatformAndTheShellStartsLast() {
        assertEquals(PLATFORM, startLevel("org.apache.felix.scr"));
        assertEquals(PLATFORM, startLevel("org.apache.felix.configadmin"));
        assertEquals(PLATFORM, startLevel("slf4j.api"));
        assertEquals(PLATFORM, startLevel("org.osgi.util.promise"));
        assertEquals(RECLAIM, startLevel("io.reclaim.api"));
        assertEquals(RECLAIM, startLevel("io.reclaim.resource-files"));
        assertEquals(RECLAIM, startLevel("io.reclaim.shell"));
        assertEquals(SHELL, startLevel("org.apache.felix.gogo.runtime"));
        assertEquals(SHELL, startLevel("org.apache.felix.gogo.jline"));
        assertEquals(SHELL, startLevel("org.jline"));
        assertTrue(PLATFORM < RECLAIM && RECLAIM < SHELL);
    }
}
