package io.reclaim.testing.junit;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;

import io.reclaim.api.ProcessGate;

/** The conformance test run against a type that keeps the contract, and against one that forgets its resources. */
public class ConformanceTestTest {

    @Test
    public void aTypeThatReleasesEverythingPassesEveryCheck() {
        Result result = JUnitCore.runClasses(HonestFiles.class);

        assertEquals(String.valueOf(result.getFailures()), 0, result.getFailureCount());
        assertEquals(6, result.getRunCount());
    }

    @Test
    public void aTypeWhoseCleanupForgetsItsResourcesFailsTheChecksOfRelease() {
        Result result = JUnitCore.runClasses(ForgetfulFiles.class);

        Set<String> failed = new TreeSet<>();
        for (Failure failure : result.getFailures()) {
            failed.add(failure.getDescription().getMethodName());
        }
        // the owner's own release, the gate and closing the manager do not go through the forgetful cleanup
        assertEquals(Set.of("theCleanupCountsWhatItReallyReleased", "whatAPidAcquiredIsReleasedWhenItsProcessTerminates"),
                failed);
    }

    /** Real file channels, released at cleanup. */
    public static class HonestFiles extends ResourceTypeConformanceTest {
        @Override
        protected TypeUnderTest open(ProcessGate gate) throws Exception {
            return files(gate, false);
        }
    }

    /** Real file channels, forgotten at cleanup: they stay open and tracked. */
    public static class ForgetfulFiles extends ResourceTypeConformanceTest {
        @Override
        protected TypeUnderTest open(ProcessGate gate) throws Exception {
            return files(gate, true);
        }
    }

    static TypeUnderTest files(ProcessGate gate, boolean leaking) throws Exception {
        Path file = Files.createTempFile("conformance", ".bin");
        file.toFile().deleteOnExit();
        LeakyFiles files = new LeakyFiles(gate, file, leaking);
        return TypeUnderTest.of(files.handler(), pid -> TypeUnderTest.Held.lease(files.open(pid), files::release), files::closeAll);
    }
}
