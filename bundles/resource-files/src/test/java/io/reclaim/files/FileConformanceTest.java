package io.reclaim.files;

import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** File channels keep the contract of every resource type. */
public class FileConformanceTest extends ResourceTypeConformanceTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected TypeUnderTest open(ProcessGate gate) throws Exception {
        Path file = tmp.newFile().toPath();
        CloseableFileManager files = FileManager.create(gate);
        return TypeUnderTest.of(files, pid -> Held.lease(files.open(pid, file, StandardOpenOption.READ), files::close));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_FILES;
    }
}
