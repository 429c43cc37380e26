package io.reclaim.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Ends what is left in a cgroup recorded for an OS child of an earlier run, and removes the cgroup.
 * The containment that creates the cgroups may hand the process manager its own implementation;
 * this one writes {@code cgroup.kill} (Linux 5.14 and later) and waits for {@code cgroup.procs}
 * to be empty.
 */
interface CgroupReclaim {

    /** @return how many processes were in the cgroup when it was killed */
    long kill(String cgroup, Duration timeout) throws IOException, InterruptedException;

    CgroupReclaim CGROUP_KILL = (cgroup, timeout) -> {
        Path dir = Path.of(cgroup);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long members;
        try {
            members = Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(line -> !line.isBlank()).count();
            if (members > 0) {
                Files.writeString(dir.resolve("cgroup.kill"), "1");
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.readAllLines(dir.resolve("cgroup.procs")).stream().anyMatch(line -> !line.isBlank())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("cgroup " + cgroup + " still has processes after cgroup.kill and " + timeout.toMillis() + " ms");
            }
            Thread.sleep(10);
        }
        Files.deleteIfExists(dir);
        // the crashed JVM's own parent, reclaim-<its os pid>, goes with its last child cgroup
        Path parent = dir.getParent();
        if (parent != null && parent.getFileName().toString().startsWith("reclaim-")
                && !CgroupParent.ofThisJvm(parent.getFileName().toString())) {
            try {
                Files.deleteIfExists(parent);
            } catch (IOException stillUsed) {
                // another child cgroup of that run is still there (reclaimed next), or a JVM uses it
            }
        }
        return members;
    };
}
