package io.reclaim.process.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strongest containment of OS children this host offers, decided once when the manager
 * starts: a cgroup v2 per child under a Reclaim-owned parent; else the JVM as child subreaper
 * (through JNA); else none (descendants and process group, as found by scanning the host). With
 * JNA, children are started with {@code posix_spawn} and their exits seen through pidfds on one
 * thread ({@link ExitWatcher}); without it, {@link ProcessBuilder} starts them.
 */
public final class Containment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Containment.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The containment modes, as configured ({@code containment = auto|cgroup|subreaper|none}). */
    public enum Mode {
        CGROUP, SUBREAPER, NONE;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Mode mode;
    private final String why;
    private final CgroupParent cgroups;
    private final Subreaper subreaper;
    private final NativeProcesses natives;
    private final ExitWatcher watcher;

    private Containment(Mode mode, String why, CgroupParent cgroups, Subreaper subreaper, NativeProcesses natives,
            ExitWatcher watcher) {
        this.mode = mode;
        this.why = why;
        this.cgroups = cgroups;
        this.subreaper = subreaper;
        this.natives = natives;
        this.watcher = watcher;
    }

    /**
     * @param requested {@code auto}, {@code cgroup}, {@code subreaper} or {@code none}; a mode the
     *     host cannot give falls back to the next weaker one, and the description says why
     * @param cgroupParent the cgroup to create Reclaim's own under; blank for the JVM's own
     * @throws IllegalArgumentException if {@code requested} is none of these
     */
    static Containment create(String requested, String cgroupParent) {
        String wanted = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        if (!wanted.matches("auto|cgroup|subreaper|none")) {
            throw new IllegalArgumentException("containment must be auto, cgroup, subreaper or none, got '" + requested + "'");
        }
        NativeProcesses natives;
        try {
            natives = NativeProcesses.load();
        } catch (LinkageError e) {
            // without JNA (an optional import) the class cannot even be linked: run without it
            natives = null;
        }
        StringBuilder why = new StringBuilder();
        CgroupParent cgroups = null;
        Subreaper subreaper = null;
        Mode mode = Mode.NONE;
        if (wanted.equals("auto") || wanted.equals("cgroup")) {
            try {
                cgroups = CgroupParent.create(cgroupParent, Path.of("/proc"));
                mode = Mode.CGROUP;
            } catch (IOException | RuntimeException e) {
                why.append("no cgroup v2: ").append(e.getMessage()).append("; ");
            }
        }
        if (mode == Mode.NONE && !wanted.equals("none")) {
            if (natives == null) {
                why.append("no subreaper: JNA (or pidfd, glibc 2.34) is not available; ");
            } else {
                try {
                    subreaper = Subreaper.enable(natives);
                    mode = Mode.SUBREAPER;
                } catch (IOException | RuntimeException e) {
                    why.append("no subreaper: ").append(e.getMessage()).append("; ");
                }
            }
        }
        if (wanted.equals("none")) {
            why.append("configured; ");
        } else if (!wanted.equals("auto") && !wanted.equals(mode.configName())) {
            why.insert(0, wanted + " was configured but is not possible here: ");
        }
        ExitWatcher watcher = null;
        if (natives != null) {
            try {
                Subreaper scanner = subreaper;
                watcher = new ExitWatcher(natives, scanner == null ? () -> { } : scanner::scan);
                if (subreaper != null) {
                    subreaper.watcher(watcher);
                }
            } catch (IOException e) {
                why.append("no exit watcher: ").append(e.getMessage()).append("; ");
                natives = null;
            }
        }
        Containment containment = new Containment(mode, why.toString(), cgroups, subreaper, natives, watcher);
        if (mode == Mode.NONE && natives == null && !wanted.equals("none")) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("OS children are not contained: {}", containment.describe());
            }
        } else {
            LOG.info("OS children: {}", containment.describe());
        }
        return containment;
    }

    Mode mode() {
        return mode;
    }

    /** @return Reclaim's own cgroup, or {@code null} unless the mode is {@link Mode#CGROUP} */
    CgroupParent cgroups() {
        return cgroups;
    }

    Subreaper subreaper() {
        return subreaper;
    }

    /** @return the native calls, or {@code null}: children then start through {@link ProcessBuilder} */
    NativeProcesses natives() {
        return natives;
    }

    ExitWatcher watcher() {
        return watcher;
    }

    /** One line: the mode in use, where, and why no stronger one. */
    public String describe() {
        String launch = natives != null ? "posix_spawn, exits seen through pidfds on one thread"
                : "ProcessBuilder, one JDK reaper thread per child";
        String what = switch (mode) {
            case CGROUP -> "cgroup v2, one cgroup per OS child under " + cgroups.directory()
                    + (cgroups.canKill() ? " (cgroup.kill" : " (freeze and kill")
                    + (cgroups.controllers().isEmpty() ? "; no controllers" : "; controllers " + String.join(",", cgroups.controllers()))
                    + ")";
            case SUBREAPER -> "child subreaper: orphans are handed to the JVM and reaped by Reclaim";
            case NONE -> "none: descendants and process group only";
        };
        return what + "; " + launch + (why.isEmpty() ? "" : "; " + why.substring(0, why.length() - 2));
    }

    /** Stops watching for exits and removes Reclaim's own cgroup; the children must be gone. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (cgroups != null) {
            cgroups.close();
        }
    }
}
