package io.reclaim.testing.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.KarafDistributionConfigurationFilePutOption;
import org.ops4j.pax.exam.options.ProvisionOption;
import org.ops4j.pax.exam.options.SystemPropertyOption;

import io.reclaim.testing.internal.ConfigurationSeeder;

/** What the options name: Maven coordinates in this release's versions, never a path. */
public class ReclaimOptionsTest {

    @Test
    public void thePlatformIsNamedByMavenCoordinatesInTheVersionsOfThisBuild() {
        List<String> urls = urls(ReclaimOptions.reclaim());

        assertTrue(urls.toString(), urls.contains("mvn:io.reclaim/reclaim-api/" + ReclaimOptions.version()));
        assertTrue(urls.toString(), urls.contains("mvn:io.reclaim/reclaim-testing/" + ReclaimOptions.version()));
        for (String bundle : ReclaimOptions.resourceBundles()) {
            assertTrue(bundle, urls.contains("mvn:io.reclaim/" + bundle + "/" + ReclaimOptions.version()));
        }
        assertTrue(urls.toString(), urls.contains("mvn:org.apache.felix/org.apache.felix.scr/2.2.18"));
        assertTrue(urls.toString(), urls.contains("mvn:org.apache.felix/org.apache.felix.configadmin/1.9.26"));
        assertTrue(urls.toString(), urls.contains("mvn:org.apache.felix/org.apache.felix.metatype/1.2.4"));
        for (String url : urls) {
            assertTrue("a Maven coordinate, not a path: " + url, url.startsWith("mvn:"));
        }
        assertEquals(11, ReclaimOptions.resourceBundles().size());
        assertFalse(ReclaimOptions.version().contains("$"));
    }

    @Test
    public void theShellAddsGogoAndTheCommands() {
        assertEquals(List.of("mvn:org.apache.felix/org.apache.felix.gogo.runtime/1.1.6",
                "mvn:io.reclaim/reclaim-shell/" + ReclaimOptions.version()), urls(ReclaimOptions.shell()));
    }

    @Test
    public void aConfigurationTravelsAsOneFrameworkPropertyWithItsType() {
        Option configured = ReclaimOptions.configure("io.reclaim.files", "service.ranking", 1234);
        SystemPropertyOption[] properties = OptionUtils.filter(SystemPropertyOption.class, configured);

        assertEquals(1, properties.length);
        assertTrue(properties[0].getKey(), properties[0].getKey().startsWith(ConfigurationSeeder.PREFIX));
        assertEquals(ConfigurationSeeder.encode("io.reclaim.files", "service.ranking", 1234), properties[0].getValue());
    }

    @Test
    public void inKarafAConfigurationIsInItsEtcFileBeforeKarafStartsSoAFeaturesDefaultCannotReplaceIt() {
        Option configured = ReclaimOptions.configure("io.reclaim.files", "service.ranking", 1234);
        KarafDistributionConfigurationFilePutOption[] files = OptionUtils.filter(
                KarafDistributionConfigurationFilePutOption.class, configured);

        assertEquals(1, files.length);
        assertEquals("etc/io.reclaim.files.cfg", files[0].getConfigurationFilePath());
        assertEquals("service.ranking", files[0].getKey());
        assertEquals("1234", files[0].getValue());
    }

    @Test
    public void aConfigurationWithoutPidOrKeyOrOfAnUnknownTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReclaimOptions.configure(" ", "key", "v"));
        assertThrows(IllegalArgumentException.class, () -> ReclaimOptions.configure("pid", "", "v"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReclaimOptions.configure("pid", "key", List.of(1)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("a configuration value is a String, Integer, Long"));
    }

    private static List<String> urls(Option option) {
        List<String> urls = new ArrayList<>();
        for (ProvisionOption<?> provision : OptionUtils.filter(ProvisionOption.class, option)) {
            urls.add(provision.getURL());
        }
        return urls;
    }
}
