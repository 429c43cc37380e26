package io.reclaim.zerocopy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.zerocopy.Ring;

public class ExternalProcessTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anotherOsProcessWritesIntoTheSameRing() throws Exception {
        Pid pid = Pid.of(1);
        ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(Map.of(pid, ProcessState.RUNNING)::get, folder.getRoot().toPath());
        try {
            Ring ring = manager.create(pid, "across", 4096).resource(pid);

            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ExternalWriter.class.getName(), ring.file().toString(), "5")
                    .inheritIO().start();
            assertTrue("the writer finished", writer.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, writer.exitValue());

            List<Long> seen = new ArrayList<>();
            assertEquals(5, ring.read((type, message) -> seen.add(message.getLong(0))));
            long base = writer.pid() * 1000;
            assertEquals(List.of(base, base + 1, base + 2, base + 3, base + 4), seen);
        } finally {
            manager.deactivate();
        }
    }
}
