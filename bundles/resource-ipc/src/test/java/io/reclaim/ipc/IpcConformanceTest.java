package io.reclaim.ipc;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Mailboxes keep the contract of every resource type. */
public class IpcConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableIpcManager ipc = IpcManager.create(gate);
        return TypeUnderTest.of(ipc, pid -> Held.lease(ipc.open(pid), ipc::release));
    }

    @Override
    protected int maxPerPid() {
        return 1; // a pid has one mailbox
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_IPC;
    }
}
