package io.reclaim.example.tempdir.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.journal.Journals;
import io.reclaim.testing.Configs;
import io.reclaim.api.ledger.Handlers;

/** The component as SCR drives it: configured root, a re-rank that keeps everything, deactivation. */
public class TempDirComponentTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final Pid pid = Pid.of(1);

    @Test
    public void theRootDefaultsUnderTheJvmsTemporaryDirectory() {
        assertEquals("${java.io.tmpdir}/reclaim-tempdir", config(Map.of()).root_directory());
        assertEquals(50, config(Map.of()).service_ranking());
    }

    @Test
    public void theConfiguredRootIsUsedWithTheTemporaryDirectoryFilledIn() throws IOException {
        // the TemporaryFolder lives in java.io.tmpdir, so the placeholder can point into it
        String configured = "${java.io.tmpdir}/" + tmp.getRoot().getName() + "/root";
        TempDirManagerImpl tempdirs = new TempDirManagerImpl(null, p -> ProcessState.RUNNING, Journals.inMemory(),
                config(Map.of("root_directory", configured)), Map.of());
        try {
            Path dir = tempdirs.create(pid, "configured").resource(pid);
            assertEquals(tmp.getRoot().toPath().resolve("root").toRealPath(), dir.getParent().getParent().toRealPath());
        } finally {
            tempdirs.deactivate();
        }
    }

    @Test
    public void aConfigurationChangeKeepsEveryDirectoryAndDeactivationDeletesThem() throws IOException {
        Map<String, Object> values = Map.of("root_directory", tmp.getRoot().getPath());
        TempDirManagerImpl tempdirs = new TempDirManagerImpl(null, p -> ProcessState.RUNNING, Journals.inMemory(), config(values), Map.of());
        Path dir = tempdirs.create(pid, "kept").resource(pid);
        Files.write(dir.resolve("data"), new byte[10]);

        tempdirs.modified(config(Map.of("root_directory", tmp.getRoot().getPath(), "service_ranking", 1200)), Map.of());
        tempdirs.modified(config(Map.of("root_directory", tmp.newFolder("elsewhere").getPath())), Map.of());
        assertTrue(Files.exists(dir.resolve("data")));
        assertTrue(Handlers.of(tempdirs).hasResources(pid));

        tempdirs.deactivate();
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(dir.getParent()));
    }

    @Test
    public void anEmptyRootIsRefusedWithOneClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TempDirManagerImpl(null, p -> ProcessState.RUNNING, Journals.inMemory(), config(Map.of("root_directory", " ")), Map.of()));
        assertEquals("tempdir: root.directory is empty; name a directory, e.g. ${java.io.tmpdir}/reclaim-tempdir",
                e.getMessage());
    }

    private static TempDirConfiguration config(Map<String, Object> values) {
        return Configs.of(TempDirConfiguration.class, values);
    }
}
