package io.reclaim.launcher;

import static io.reclaim.launcher.EmbeddedBundles.PLATFORM;
import static io.reclaim.launcher.EmbeddedBundles.RECLAIM;
import static io.reclaim.launcher.EmbeddedBundles.SHELL;
import static io.reclaim.launcher.EmbeddedBundles.WEB;
import static io.reclaim.launcher.EmbeddedBundles.startLevel;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EmbeddedBundlesTest {

    @Test
    public void reclaimStartsAfterThePlatformThenTheInteractiveShellThenTheWebStack() {
        assertEquals(PLATFORM, startLevel("org.apache.felix.scr"));
        assertEquals(PLATFORM, startLevel("org.apache.felix.configadmin"));
        assertEquals(PLATFORM, startLevel("slf4j.api"));
        assertEquals(PLATFORM, startLevel("org.osgi.util.promise"));
        // a scripted run executes on Gogo's command processor without the interactive shell
        assertEquals(PLATFORM, startLevel("org.apache.felix.gogo.runtime"));
        assertEquals(PLATFORM, startLevel("org.apache.felix.gogo.command"));
        assertEquals(RECLAIM, startLevel("io.reclaim.api"));
        assertEquals(RECLAIM, startLevel("io.reclaim.resource-files"));
        assertEquals(RECLAIM, startLevel("io.reclaim.shell"));
        assertEquals(SHELL, startLevel("org.apache.felix.gogo.jline"));
        assertEquals(SHELL, startLevel("org.jline"));
        assertEquals(WEB, startLevel("org.apache.felix.http.jetty"));
        assertEquals(WEB, startLevel("org.apache.felix.webconsole"));
        assertEquals(WEB, startLevel("io.reclaim.webconsole"));
        assertEquals(WEB, startLevel("io.reclaim.metrics"));
        assertTrue(PLATFORM < RECLAIM && RECLAIM < SHELL && SHELL < WEB);
    }
}
