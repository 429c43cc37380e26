package io.reclaim.mmap;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Mappings of a 4 KiB file keep the contract of every resource type. */
public class MmapConformanceTest extends ResourceTypeConformanceTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected TypeUnderTest open(ProcessGate gate) throws Exception {
        Path file = Files.write(tmp.newFile().toPath(), new byte[4096]);
        CloseableMmapManager mappings = MmapManager.create(gate);
        return TypeUnderTest.of(mappings, pid -> Held.lease(mappings.map(pid, file, MapAccess.SHARED), mappings::unmap));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_MMAP;
    }
}
