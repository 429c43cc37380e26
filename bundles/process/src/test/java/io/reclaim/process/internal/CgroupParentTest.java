package io.reclaim.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Test;

/**
 * Reclaim's own cgroup directories, made for real under this JVM's cgroup v2 (skipped where the host
 * gives none): every process manager of one JVM gets a directory of its own.
 */
public class CgroupParentTest {

    private static final long JVM = ProcessHandle.current().pid();

    private final List<CgroupParent> parents = new ArrayList<>();
    private final List<Path> children = new ArrayList<>();

    @After
    public void removeThem() throws Exception {
        for (Path child : children) {
            Files.deleteIfExists(child);
        }
        parents.forEach(CgroupParent::close);
    }

    private CgroupParent create() {
        try {
            CgroupParent parent = CgroupParent.create(null, Path.of("/proc"));
            parents.add(parent);
            return parent;
        } catch (IOException e) {
            assumeNoException("no cgroup v2 to write to here", e);
            throw new AssertionError(e);
        }
    }

    @Test
    public void twoManagersOfOneJvmNeverShareADirectorySoTheirPidsCgroupsNeverMeet() throws Exception {
        CgroupParent first = create();
        CgroupParent second = create();

        assertNotEquals(first.directory(), second.directory());
        assertTrue(second.directory().toString(), second.directory().getFileName().toString().matches("reclaim-" + JVM + "\\.\\d+"));
        assertTrue(second.directory().toString(), CgroupParent.ofThisJvm(second.directory().getFileName().toString()));
        Path one = first.child("pid-1").path();
        children.add(one);
        Files.delete(one); // the first manager's pid 1 ended and its cgroup went
        Path other = second.child("pid-1").path();
        children.add(other);
        assertNotEquals("a late cgroup.kill of the first manager's pid 1 would end the second's", one, other);
        assertFalse(Files.exists(one));
    }

    @Test
    public void aNameIsNeverUsedTwiceInOneJvmEvenOnceItsDirectoryIsGone() throws Exception {
        CgroupParent earlier = create();
        Path name = earlier.directory();
        earlier.close(); // nothing left in it: the directory goes
        parents.remove(earlier);
        assertFalse(Files.exists(name));

        CgroupParent later = create();

        assertNotEquals("a late cgroup.kill of the earlier manager would reach the later one's children",
                name, later.directory());
    }

    @Test
    public void theDirectoriesOfThisJvmAreTellableFromACrashedRunsOnes() {
        assertTrue(CgroupParent.ofThisJvm("reclaim-" + JVM));
        assertTrue(CgroupParent.ofThisJvm("reclaim-" + JVM + ".3"));
        assertFalse(CgroupParent.ofThisJvm("reclaim-" + JVM + "0"));
        assertFalse(CgroupParent.ofThisJvm("reclaim-" + (JVM + 1)));
    }
    /** @return the pid of a process that has ended, so that no process has it now */
    private static long goneJvm() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long pid = gone.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty());
        return pid;
    }

    @Test
    public void theEmptyDirectoriesOfJvmsThatAreGoneAreRemovedWhenAManagerStarts() throws Exception {
        Path base = create().directory().getParent();
        long gone = goneJvm();
        Path killed = Files.createDirectories(base.resolve("reclaim-" + gone).resolve("pid-3"));
        Path further = Files.createDirectory(base.resolve("reclaim-" + gone + ".2"));
        Process alive = new ProcessBuilder("sleep", "30").start();
        Path living = Files.createDirectory(base.resolve("reclaim-" + alive.pid()));
        try {
            create();

            assertFalse("a SIGKILLed JVM's cgroups", Files.exists(killed.getParent()));
            assertFalse("its further manager's", Files.exists(further));
            assertTrue("a JVM that is alive keeps its own", Files.exists(living));
        } finally {
            alive.destroyForcibly().waitFor();
            for (Path left : List.of(living, killed, killed.getParent(), further)) {
                Files.deleteIfExists(left);
            }
        }
    }

    @Test
    public void aCgroupOfAJvmThatIsGoneIsKeptWhileAProcessIsInIt() throws Exception {
        Path base = create().directory().getParent();
        Path orphans = Files.createDirectories(base.resolve("reclaim-" + goneJvm()).resolve("pid-9"));
        Process escaped = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(orphans.resolve("cgroup.procs"), Long.toString(escaped.pid()));

            assertEquals(0, CgroupParent.removeEmptyOfGoneJvms(base));
            assertTrue("left to the reclaim of the crashed run", Files.exists(orphans));

            escaped.destroyForcibly().waitFor();
            await(() -> Files.readString(orphans.resolve("cgroup.procs")).isBlank());
            assertEquals(1, CgroupParent.removeEmptyOfGoneJvms(base));
            assertFalse(Files.exists(orphans.getParent()));
        } finally {
            escaped.destroyForcibly().waitFor();
            if (Files.exists(orphans)) {
                Files.delete(orphans);
                Files.delete(orphans.getParent());
            }
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
