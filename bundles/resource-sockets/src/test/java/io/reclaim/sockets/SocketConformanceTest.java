package io.reclaim.sockets;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Sockets (a TCP listener each, on loopback) keep the contract of every resource type. */
public class SocketConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableSocketManager sockets = SocketManager.create(gate);
        InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return TypeUnderTest.of(sockets, pid -> Held.lease(sockets.listen(pid, anyPort), sockets::close));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_SOCKETS;
    }
}
