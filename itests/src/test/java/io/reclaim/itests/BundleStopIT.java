package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.sockets.SocketManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class BundleStopIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void stoppingTheSocketsBundleClosesEverySocketOfEveryPid() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        SocketManager sockets = service(SocketManager.class);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        long fdsBefore = openFds();
        List<Object> channels = new ArrayList<>();
        Pid one = processes.spawn(ProcessSpec.named("one")).pid();
        Pid two = processes.spawn(ProcessSpec.named("two")).pid();
        for (Pid pid : List.of(one, two)) {
            for (int i = 0; i < 5; i++) {
                channels.add(sockets.listen(pid, loopback).resource(pid));
                channels.add(sockets.udp(pid, loopback).resource(pid));
            }
        }
        assertEquals(fdsBefore + 20, openFds());

        Bundle bundle = bundle("io.reclaim.resource-sockets");
        bundle.stop();

        assertEquals(fdsBefore, openFds());
        for (Object channel : channels) {
            boolean open = channel instanceof ServerSocketChannel ? ((ServerSocketChannel) channel).isOpen()
                    : ((DatagramChannel) channel).isOpen();
            assertFalse(open);
        }
        // the processes live on and terminate cleanly without the sockets handler
        assertEquals(0, processes.terminate(one, Duration.ZERO).total().errorsEncountered());
        bundle.start();
        SocketManager restarted = service(SocketManager.class);
        assertFalse(handler(SocketManager.TYPE).hasResources(two));
        assertEquals(0, processes.terminate(two, Duration.ZERO).total().errorsEncountered());
    }
}
