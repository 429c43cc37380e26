package io.reclaim.sockets.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: a real UDP socket on loopback, closed with the pid. */
public class SocketSampleTest {

    private final LocalProcessGate gate = new LocalProcessGate();
    private SocketManagerImpl sockets;

    @BeforeClass
    public static void warmUp() throws IOException {
        assumeTrue("counting open sockets needs /proc/self/fd", Descriptors.available());
        OpenSockets.warmUp();
    }

    @Before
    public void setUp() {
        sockets = new SocketManagerImpl(gate);
    }

    @After
    public void tearDown() {
        sockets.deactivate();
    }

    @Test
    public void sampleIsARealSocketClosedWithThePid() throws Exception {
        Pid pid = gate.running(7);
        long before = Descriptors.sockets();
        Set<String> inodesBefore = socketInodes();

        assertTrue(Handlers.of(sockets).sample(pid));

        assertEquals("one more socket descriptor is open", before + 1, Descriptors.sockets());
        Set<String> added = socketInodes();
        added.removeAll(inodesBefore);
        assertEquals(1, added.size());
        List<String> udp = udpSocketsWithInode(added.iterator().next());
        assertEquals("the kernel lists it as a UDP socket: " + udp, 1, udp.size());
        String local = udp.get(0).trim().split("\\s+")[1];
        assertTrue("bound to loopback: " + local, local.contains("0100007F:")
                || local.startsWith("00000000000000000000000001000000:"));
        assertFalse("bound to a port of its own: " + local, local.endsWith(":0000"));
        assertEquals(new ResourceUsage(1, 0), Handlers.of(sockets).usage(pid));

        CleanupStats stats = Handlers.of(sockets).cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertEquals("the socket is closed", before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireOpensNoSocket() {
        Pid pid = gate.running(8);
        gate.terminating(pid);
        long before = Descriptors.sockets();

        assertThrows(ProcessNotRunningException.class, () -> Handlers.of(sockets).sample(pid));

        assertEquals(before, Descriptors.sockets());
        assertFalse(Handlers.of(sockets).hasResources(pid));
    }

    /** The inodes of the sockets this JVM has open, as {@code /proc/self/fd} names them ({@code socket:[inode]}). */
    private static Set<String> socketInodes() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(SocketSampleTest::target)
                    .filter(target -> target.startsWith("socket:["))
                    .map(target -> target.substring("socket:[".length(), target.length() - 1))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** @return the lines of {@code /proc/net/udp} and {@code udp6} of the socket with {@code inode} */
    private static List<String> udpSocketsWithInode(String inode) throws IOException {
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path file = Path.of(table);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[9].equals(inode)) {
                        found.add(line);
                    }
                }
            }
        }
        return found;
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }
}
