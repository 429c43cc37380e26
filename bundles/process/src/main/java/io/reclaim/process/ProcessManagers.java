package io.reclaim.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ProcessListener;
import io.reclaim.api.TerminationListener;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.process.internal.DefaultProcessManager;
import io.reclaim.process.internal.Settings;

/**
 * Builds process managers without a framework (unit tests, embedding):
 *
 * <pre>{@code
 * try (CloseableProcessManager processes = ProcessManagers.builder()
 *         .withResourceOrchestrator(orchestrator)
 *         .historySize(256)
 *         .build()) {
 *     ProcessInfo sleeper = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", "600"));
 *     processes.terminate(sleeper.pid(), Duration.ofSeconds(2));
 * }
 * }</pre>
 */
public final class ProcessManagers {

    /**
     * Process property naming a file that receives the OS child's stdout and stderr, appended.
     * Without it both go to the null device.
     */
    public static final String OUTPUT_PROPERTY = "process.output";

    /**
     * Process property: the most memory the OS child's whole tree may use, in bytes (a K, M, G or
     * T suffix multiplies by 1024 per step) or {@code max}; set as the cgroup's {@code memory.max}.
     * A malformed value fails the spawn with an {@link IllegalArgumentException}; a host without
     * the cgroup v2 memory controller fails it with an {@link java.io.IOException}.
     */
    public static final String MEMORY_MAX_PROPERTY = "memory.max";

    /**
     * Process property: the most processes the OS child's tree may hold at once, or {@code max};
     * set as the cgroup's {@code pids.max}, with the same failures as {@link #MEMORY_MAX_PROPERTY}.
     */
    public static final String PIDS_MAX_PROPERTY = "pids.max";

    /** The resource type of the handler that ends OS process trees. */
    public static final String OS_PROCESS_TYPE = "os-process";

    /** How many terminated processes are kept, unless configured otherwise. */
    public static final int DEFAULT_HISTORY_SIZE = 256;

    /** How long the os-process handler waits for a killed tree to be gone, unless configured otherwise. */
    public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(5);

    private ProcessManagers() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of one process manager. */
    public static final class Builder {

        private ResourceOrchestrator orchestrator;
        private final List<TerminationListener> listeners = new ArrayList<>();
        private final List<ProcessListener> processListeners = new ArrayList<>();
        private int historySize = DEFAULT_HISTORY_SIZE;
        private Duration killTimeout = DEFAULT_KILL_TIMEOUT;
        private int osProcessRanking = ResourceCleanup.RANKING_OS_PROCESS;
        private boolean useSetsid = true;
        private String containment = "auto";
        private String cgroupParent = "";
        private Duration shutdownGrace = Settings.DEFAULT_SHUTDOWN_GRACE;
        private Duration orphanGrace = Settings.DEFAULT_ORPHAN_GRACE;
        private CloseableJournal journal;

        private Builder() {
        }

        /** The orchestrator that runs the cleanup handlers; required. */
        public Builder withResourceOrchestrator(ResourceOrchestrator orchestrator) {
            this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
            return this;
        }

        /**
         * @param size how many terminated processes {@code info} and {@code history} remember, at least 1
         * @throws IllegalArgumentException if {@code size} is less than 1
         */
        public Builder historySize(int size) {
            this.historySize = Settings.checkHistorySize(size);
            return this;
        }

        /** Adds a listener told of every spawn and every end of a process. */
        public Builder withProcessListener(ProcessListener listener) {
            processListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a listener told when a process starts to terminate, before its grace period. */
        public Builder withTerminationListener(TerminationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param timeout how long the os-process handler waits for a killed OS tree to be gone
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder killTimeout(Duration timeout) {
            this.killTimeout = Settings.checkKillTimeout(timeout);
            return this;
        }

        /** @param ranking the ranking the os-process handler is registered with; default 1000 */
        public Builder osProcessRanking(int ranking) {
            this.osProcessRanking = ranking;
            return this;
        }

        /**
         * @param use whether OS children start in their own session and process group through
         *     {@code setsid} when it is installed (default true), so that descendants that outlive
         *     their parent are still found
         */
        public Builder useSetsid(boolean use) {
            this.useSetsid = use;
            return this;
        }

        /**
         * @param mode how OS children are contained: {@code auto} (default: cgroup v2 where the
         *     JVM can create cgroups, else the JVM as child subreaper where JNA is installed, else
         *     none), {@code cgroup}, {@code subreaper} or {@code none}; a mode the host cannot give
         *     falls back to the next weaker one, with a log line saying why
         * @throws IllegalArgumentException for any other value
         */
        public Builder containment(String mode) {
            this.containment = Settings.checkContainment(mode);
            return this;
        }

        /**
         * The journal the manager records its OS children in and draws its pids from; without one,
         * pids and children are kept in memory only. {@link #build()} ends the OS trees that an
         * earlier run recorded in it and never removed (they are listed in the history as orphans
         * of an earlier run). The caller closes the journal after the manager.
         */
        public Builder withJournal(CloseableJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * @param parent the cgroup v2 under which Reclaim creates its own cgroup
         *     {@code reclaim-<jvm pid>} (a file system path inside the cgroup2 mount, or a cgroup
         *     path); blank (default) for the JVM's own cgroup
         */
        public Builder cgroupParent(String parent) {
            this.cgroupParent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /**
         * @param grace how long the processes still running at {@code close()} get after SIGTERM,
         *     all together, before they are killed; default 2 s, zero kills at once
         * @throws IllegalArgumentException if it is negative
         */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = Settings.checkGrace("shutdown grace", grace);
            return this;
        }

        /**
         * @param grace how long OS processes an earlier run left get after SIGTERM before SIGKILL; default 2 s
         * @throws IllegalArgumentException if it is negative
         */
        public Builder orphanGrace(Duration grace) {
            this.orphanGrace = Settings.checkGrace("orphan grace", grace);
            return this;
        }

        /**
         * Builds the manager and registers its os-process handler with the orchestrator.
         *
         * @throws IllegalStateException if no orchestrator was given
         */
        public CloseableProcessManager build() {
            if (orchestrator == null) {
                throw new IllegalStateException("a process manager needs a resource orchestrator");
            }
            Settings settings = new Settings(historySize, killTimeout, useSetsid, osProcessRanking, containment,
                    cgroupParent, shutdownGrace, orphanGrace);
            DefaultProcessManager manager = journal == null ? new DefaultProcessManager(orchestrator, settings)
                    : new DefaultProcessManager(orchestrator, settings, journal);
            listeners.forEach(manager.listeners()::add);
            processListeners.forEach(manager.processListeners()::add);
            ResourceOrchestrator.Registration registration =
                    orchestrator.register(manager.osProcessCleanup().cleanupHandler(), osProcessRanking);
            manager.onClose(registration::close);
            if (journal != null) {
                manager.orphansReclaimed(journal.reclaim(OS_PROCESS_TYPE, manager.orphanReclaimer()));
            }
            return manager;
        }
    }
}
