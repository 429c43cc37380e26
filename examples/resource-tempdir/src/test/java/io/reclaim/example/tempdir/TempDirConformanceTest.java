package io.reclaim.example.tempdir;

import java.io.IOException;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ProcessGate;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Temporary directories keep the contract of every resource type. */
public class TempDirConformanceTest extends ResourceTypeConformanceTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected TypeUnderTest open(ProcessGate gate) throws IOException {
        CloseableTempDirManager tempdirs = TempDirManager.create(gate, tmp.getRoot().toPath());
        return TypeUnderTest.of(tempdirs, pid -> Held.lease(tempdirs.create(pid, "conformance"), tempdirs::delete));
    }

    @Override
    protected int ranking() {
        return TempDirManager.RANKING;
    }
}
