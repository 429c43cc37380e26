package io.reclaim.process.internal;

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
}
