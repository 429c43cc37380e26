package io.reclaim.mmap.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MappedRegion;
import io.reclaim.api.ledger.Handlers;

/** The component as DS drives it: constructor, modified, deactivate. */
public class MmapComponentTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final Pid first = Pid.of(1);
    private final Pid second = Pid.of(2);

    @Test
    public void aModifiedRankingReleasesNothing() throws IOException {
        MmapManagerImpl component = new MmapManagerImpl(null, pid -> ProcessState.RUNNING, config(200), Map.of());
        try {
            Path file = file();
            Lease<MappedRegion> lease = component.map(first, file, MapAccess.READ_ONLY);

            component.modified(config(250), Map.of());

            assertTrue(lease.isHeld());
            assertEquals(1, regionsOf(file));
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void deactivationUnmapsEverythingOfEveryPid() throws IOException {
        MmapManagerImpl component = new MmapManagerImpl(null, pid -> ProcessState.RUNNING, config(200), Map.of());
        Path file = file();
        component.map(first, file, MapAccess.READ_ONLY);
        component.map(second, file, MapAccess.SHARED);
        assertEquals(2, regionsOf(file));

        component.deactivate();

        assertEquals(0, regionsOf(file));
        assertFalse(Handlers.of(component).hasResources(first));
        assertFalse(Handlers.of(component).hasResources(second));
        assertEquals(CleanupStats.NONE, component.shutdown());
    }

    private Path file() throws IOException {
        Path file = folder.newFile().toPath();
        Files.write(file, new byte[4096]);
        return file;
    }

    private static long regionsOf(Path file) throws IOException {
        String path = file.toRealPath().toString();
        return Files.readAllLines(Paths.get("/proc/self/maps")).stream().filter(line -> line.endsWith(" " + path)).count();
    }

    private static MmapConfig config(int ranking) {
        return new MmapConfig() {
            @Override
            public long pin_wait_ms() {
                return 2000;
            }

            @Override
            public int service_ranking() {
                return ranking;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MmapConfig.class;
            }
        };
    }
}
