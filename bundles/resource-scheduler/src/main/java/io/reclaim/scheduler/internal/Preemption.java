package io.reclaim.scheduler.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ThreadCpuClock;
import io.reclaim.api.ledger.ResourceLedger;
import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.PreemptionInfo;
import io.reclaim.scheduler.PreemptionSettings;
import io.reclaim.scheduler.Scheduler;

/**
 * Time slices, preemption and CPU accounting. Every entry a taker runs goes through
 * {@link #run(Pid, Runnable)}, which gives it a deadline and charges its thread CPU time to its
 * process; a watchdog thread interrupts an entry past its deadline, marks its process preempted and
 * has the scheduler demote the process's queue, and enforces CPU budgets.
 *
 * <p>The per-process state ({@link PidAccount}) is tracked in a ledger of its own under the
 * scheduler's type, so the scheduler's cleanup releases it with the run-queue entries.
 */
final class Preemption {

    private static final Logger LOG = LoggerFactory.getLogger(Preemption.class);
    private static final AtomicInteger TERMINATIONS = new AtomicInteger();
    static final String WATCHDOG_THREAD = "reclaim-scheduler-watchdog";

    private final ProcessGate gate;
    private final ResourceLedger<PidAccount> ledger;
    private final Map<Pid, PidAccount> accounts = new ConcurrentHashMap<>();
    /** every entry running now, of every pid: what the watchdog scans, O(taker threads) */
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Consumer<Pid> demote;
    private final Consumer<Pid> restore;
    private volatile PreemptionSettings settings;
    private volatile ProcessManager processes;
    private Thread watchdog; // guarded by this
    /** read without the lock on every run: once it is started, a run takes no lock for it */
    private volatile boolean watched;
    private boolean stopped; // guarded by this

    Preemption(ProcessGate gate, PreemptionSettings settings, Consumer<Pid> demote, Consumer<Pid> restore) {
        this.gate = gate;
        this.settings = settings;
        this.demote = demote;
        this.restore = restore;
        this.ledger = new ResourceLedger<>(Scheduler.TYPE, gate, this::release, account -> 0);
    }

    void settings(PreemptionSettings settings) {
        this.settings = settings;
    }

    PreemptionSettings settings() {
        return settings;
    }

    void processes(ProcessManager processes) {
        this.processes = processes;
    }

    ProcessManager processes() {
        return processes;
    }

    ResourceLedger<PidAccount> ledger() {
        return ledger;
    }

    /** Runs one entry's work on the calling thread under its time slice, and charges its CPU time. */
    void run(Pid pid, Runnable work) {
        PidAccount account = account(pid);
        Running run = new Running(pid, Thread.currentThread(), System.nanoTime() + settings.timeSlice().toNanos(),
                account);
        if (account != null) {
            account.running.add(run);
        }
        running.add(run);
        startWatchdog();
        try {
            work.run();
        } finally {
            boolean interrupted = run.finish();
            running.remove(run);
            if (account != null) {
                account.running.remove(run);
            }
            if (interrupted) {
                Thread.interrupted(); // the watchdog's interrupt was for this entry only
            }
            charge(pid, ThreadCpuClock.since(run.cpuStart));
            if (account != null) {
                if (run.overran()) {
                    account.overrunning.decrementAndGet();
                } else if (account.preempted && account.overrunning.get() == 0
                        && !account.overBudget(account.cpuNanos.get())) {
                    account.preempted = false; // its overrunning entry ended, and this one kept its slice
                    restore.accept(pid);
                }
            }
        }
    }

    void charge(Pid pid, long cpuNanos) {
        if (cpuNanos <= 0) {
            return;
        }
        PidAccount account = account(pid);
        if (account == null) {
            return; // the pid is ending: its accounting is released, or about to be
        }
        long total = account.cpuNanos.addAndGet(cpuNanos);
        if (account.overBudget(total)) {
            overBudget(account, total);
        }
    }

    Duration cpuTime(Pid pid) {
        PidAccount account = accounts.get(pid);
        return account == null ? Duration.ZERO : Duration.ofNanos(account.cpuNanosWithRunning());
    }

    PreemptionInfo info(Pid pid) {
        PidAccount account = accounts.get(pid);
        if (account == null) {
            return PreemptionInfo.NONE;
        }
        return new PreemptionInfo(Duration.ofNanos(account.cpuNanosWithRunning()), account.overruns.get(),
                account.preempted,
                account.budgetNanos > 0 ? Optional.of(Duration.ofNanos(account.budgetNanos)) : Optional.empty());
    }

    /** @return the pid's account, made and tracked on first use; null if the pid may not acquire */
    private PidAccount account(Pid pid) {
        PidAccount account = accounts.get(pid);
        if (account != null) {
            return account.released ? null : account;
        }
        if (!gate.admits(pid) || ledger.isClosed()) {
            return null;
        }
        PidAccount fresh = new PidAccount(pid, budgetNanos(pid));
        PidAccount prior = accounts.putIfAbsent(pid, fresh);
        if (prior != null) {
            return prior.released ? null : prior;
        }
        try {
            fresh.lease = ledger.track(pid, fresh);
        } catch (IllegalStateException refused) {
            // the gate closed, or the scheduler stopped, meanwhile: the ledger released it already
            accounts.remove(pid, fresh);
            return null;
        }
        return fresh;
    }

    /** The release of a pid's preemption state: its flags, accounting and the watchdog's deadlines. */
    private void release(PidAccount account) {
        account.released = true;
        accounts.remove(account.pid, account);
        for (Running run : account.running) {
            running.remove(run); // the watchdog no longer watches them
        }
        account.running.clear();
    }

    CleanupStats cleanup(Pid pid) {
        return ledger.cleanup(pid);
    }

    CleanupStats close() {
        synchronized (this) {
            stopped = true;
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
        return ledger.close();
    }

    void startWatchdog() {
        if (!watched) {
            startWatchdogOnce();
        }
    }

    private synchronized void startWatchdogOnce() {
        if (watchdog != null || stopped) {
            return;
        }
        watched = true;
        watchdog = new Thread(this::watch, WATCHDOG_THREAD);
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void watch() {
        try {
            while (!isStopped()) {
                long tick = Math.max(1, Math.min(50, settings.timeSlice().toMillis() / 4));
                TimeUnit.MILLISECONDS.sleep(tick);
                check(System.nanoTime());
            }
        } catch (InterruptedException stop) {
            // close() stops it
        } catch (Throwable e) {
            LOG.error("{}: the preemption watchdog failed; time slices are no longer enforced", Scheduler.TYPE, e);
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** One round of the watchdog: overrun slices, then budgets, of the entries running now. */
    void check(long now) {
        for (Running run : running) {
            if (!run.overran() && now - run.deadline > 0) {
                overran(run);
            }
            PidAccount account = accounts.get(run.pid);
            if (account != null && account.budgetNanos > 0) {
                long total = account.cpuNanosWithRunning();
                if (account.overBudget(total)) {
                    overBudget(account, total);
                }
            }
        }
    }

    private void overran(Running run) {
        if (!run.markOverran()) {
            return; // it ended meanwhile
        }
        PidAccount account = run.account;
        // demoted and interrupted before it reads as preempted: whoever sees the flag sees both done
        demote.accept(run.pid);
        run.interrupt();
        if (account != null) {
            account.overrunning.incrementAndGet(); // run() takes it back when the entry ends
            account.overruns.incrementAndGet();
            account.preempted = true;
        }
        LOG.info("{}: an entry of pid {} ran past its {} ms time slice on {}: interrupted, pid preempted ({})",
                Scheduler.TYPE, run.pid, settings.timeSlice().toMillis(), run.thread.getName(), settings.policy());
    }

    private void overBudget(PidAccount account, long total) {
        if (!account.budgetEnforced.compareAndSet(false, true)) {
            if (settings.budgetAction() == BudgetAction.PREEMPT) {
                account.running.forEach(Running::interrupt); // keeps a preempted pid preempted
            }
            return;
        }
        BudgetAction action = settings.budgetAction();
        LOG.warn("{}: pid {} used {} ms of CPU time, over its budget of {} ms: {}", Scheduler.TYPE, account.pid,
                TimeUnit.NANOSECONDS.toMillis(total), TimeUnit.NANOSECONDS.toMillis(account.budgetNanos), action);
        demote.accept(account.pid);
        account.preempted = true;
        account.running.forEach(Running::interrupt);
        if (action == BudgetAction.TERMINATE) {
            terminate(account.pid);
        }
    }

    /** Ends the pid on a thread of its own: its cleanup runs this scheduler's, and may wait. */
    private void terminate(Pid pid) {
        ProcessManager manager = processes;
        if (manager == null) {
            LOG.warn("{}: pid {} is over its CPU budget, but no process manager is there to terminate it",
                    Scheduler.TYPE, pid);
            return;
        }
        Thread ending = new Thread(() -> {
            try {
                manager.terminate(pid, Duration.ZERO);
            } catch (Throwable e) {
                LOG.warn("{}: terminating pid {}, over its CPU budget, failed", Scheduler.TYPE, pid, e);
            }
        }, "reclaim-cpu-budget-" + TERMINATIONS.incrementAndGet());
        ending.setDaemon(true);
        ending.start();
    }

    private long budgetNanos(Pid pid) {
        ProcessManager manager = processes;
        if (manager == null) {
            return 0;
        }
        Optional<ProcessInfo> info;
        try {
            info = manager.info(pid);
        } catch (Throwable e) {
            LOG.warn("{}: cannot read the spec of pid {}; no CPU budget", Scheduler.TYPE, pid, e);
            return 0;
        }
        String value = info.map(i -> i.spec().properties().get(Scheduler.CPU_BUDGET_PROPERTY)).orElse(null);
        if (value == null) {
            return 0;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis > 0) {
                return TimeUnit.MILLISECONDS.toNanos(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}: pid {} has {}={}, not a positive number of milliseconds; no CPU budget", Scheduler.TYPE, pid,
                Scheduler.CPU_BUDGET_PROPERTY, value);
        return 0;
    }
}
