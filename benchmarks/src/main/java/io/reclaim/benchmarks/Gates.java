package io.reclaim.benchmarks;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessState;

/** Gates for benchmarks that use the ledger without a process manager. */
final class Gates {

    /** Admits every pid: the ledger's own cost, without a process table behind it. */
    static final ProcessGate ALWAYS_RUNNING = pid -> ProcessState.RUNNING;

    private Gates() {
    }
}
