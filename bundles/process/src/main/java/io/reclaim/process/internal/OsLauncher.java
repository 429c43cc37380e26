package io.reclaim.process.internal;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.process.ProcessManagers;

/**
 * Starts OS children, always from one long-lived thread of the manager: Linux sends the
 * parent-death signal when the thread that forked a child ends, so a child started from a caller's
 * thread (a shell session that closes) would die with that thread.
 *
 * <p>Every child leads a session and process group of its own, and execs the command in place,
 * so its OS pid is the command's pid. Under containment the child first enters its cgroup (a
 * {@code /bin/sh} wrapper writes its own pid into {@code cgroup.procs}, then execs), and gets
 * {@code PDEATHSIG = SIGKILL} ({@code setpriv --pdeathsig KILL}, util-linux), so a JVM that dies
 * takes its direct children with it. The program is resolved here, so a missing one fails the
 * spawn. The wrapper costs the child start-up time, not the caller: the spawn returns once the
 * first program is exec'd, and the command itself runs some 3 to 5 ms later under cgroup
 * containment (17 ms at the 90th percentile, on 2 shared cores; 1 to 3 ms under a subreaper). A
 * signal sent in that window reaches the wrapper, not yet the command's own handlers. The JVM
 * keeps no pipe to a child: stdin reads the null device, stdout and stderr are discarded or
 * appended to the file named by {@link ProcessManagers#OUTPUT_PROPERTY}.
 */
final class OsLauncher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OsLauncher.class);
    private static final File NULL_DEVICE = new File("/dev/null");
    /** {@code $0} is the cgroup.procs file, {@code "$@"} the command; {@code exec} keeps the pid. */
    private static final String ENTER_CGROUP = "echo $$ > \"$0\" || exit 126; ";
    /**
     * After {@code setpriv} set the parent-death signal: if the JVM died before that, the signal
     * will never come (the child has a new parent already), so the child ends itself.
     */
    private static final String CHECK_PARENT = "[ \"$PPID\" = " + ProcessHandle.current().pid() + " ] || exit 125; ";
    private static final String EXEC = "exec \"$@\"";

    private final Containment containment;
    private final Path setsid;
    private final Path setpriv;
    private final Path shell;
    private final boolean ownSession;
    private final ExecutorService thread;

    private OsLauncher(Containment containment, boolean useSetsid) {
        this.containment = containment;
        this.setsid = useSetsid ? onPath("setsid") : null;
        this.setpriv = containment.mode() != Containment.Mode.NONE ? onPath("setpriv") : null;
        this.shell = onPath("sh");
        this.ownSession = useSetsid;
        if (containment.mode() != Containment.Mode.NONE && setpriv == null) {
            LOG.warn("setpriv (util-linux) is not installed: OS children do not die with the JVM");
        }
        // one thread for the manager's life: an Error in a start is caught by its Future, so the
        // thread (the parent of every child, for PDEATHSIG) is never replaced while children live
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread launcher = new Thread(task, "reclaim-process-launcher");
            launcher.setDaemon(true);
            return launcher;
        });
        if (containment.subreaper() != null) {
            try {
                containment.subreaper().launcherTask(call(OsLauncher::currentTask));
            } catch (IOException e) {
                LOG.warn("cannot tell the launcher thread's id: {}", e.getMessage());
            }
        }
    }

    /** @param useSetsid whether to start children in a session of their own (without containment) */
    static OsLauncher create(boolean useSetsid, Containment containment) {
        return new OsLauncher(containment, useSetsid);
    }

    Containment containment() {
        return containment;
    }

    /** @return whether children lead their own process group */
    boolean ownGroup() {
        return containment.natives() != null ? ownSession : setsid != null;
    }

    /**
     * Starts the OS child of {@code pid}. Nothing is left behind when this fails.
     *
     * @throws IllegalArgumentException if a limit of the spec is malformed
     * @throws IOException if the child cannot start, or a limit cannot be applied on this host
     */
    OsChild start(Pid pid, ProcessSpec spec) throws IOException {
        Limits limits = Limits.of(spec);
        CgroupParent cgroups = containment.cgroups();
        if (limits.any()) {
            checkControllers(spec, limits, cgroups);
        }
        Path directory = spec.workingDirectory();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException("cannot start '" + spec.name() + "': working directory " + directory
                    + " is not a directory");
        }
        Path program = program(spec, directory);
        Cgroup cgroup = null;
        if (cgroups != null) {
            cgroup = cgroups.child("pid-" + pid.value());
        }
        try {
            if (cgroup != null) {
                cgroup.limit(limits.memoryMax(), limits.pidsMax());
            }
            List<String> command = command(spec, program, cgroup);
            Map<String, String> environment = new HashMap<>(spec.environment());
            if (containment.mode() != Containment.Mode.NONE) {
                environment.put(Subreaper.MARK, Subreaper.mark(pid.value()));
            }
            String output = spec.properties().get(ProcessManagers.OUTPUT_PROPERTY);
            output = output == null || output.isBlank() ? null : output;
            Cgroup own = cgroup;
            String out = output;
            return containment.natives() != null ? call(() -> spawn(pid, command, environment, directory, out, own))
                    : call(() -> startJdk(pid, command, environment, directory, out, own));
        } catch (IOException | RuntimeException | Error e) {
            if (cgroup != null) {
                cgroup.remove();
            }
            throw e;
        }
    }

    private void checkControllers(ProcessSpec spec, Limits limits, CgroupParent cgroups) throws IOException {
        List<String> needed = new ArrayList<>(2);
        if (limits.memoryMax() != null) {
            needed.add("memory");
        }
        if (limits.pidsMax() != null) {
            needed.add("pids");
        }
        for (String controller : needed) {
            if (cgroups == null || !cgroups.controllers().contains(controller)) {
                throw new IOException("cannot start '" + spec.name() + "': its " + controller
                        + ".max needs the cgroup v2 " + controller + " controller, which "
                        + (cgroups == null ? "this containment (" + containment.mode().configName() + ") does not have"
                                : cgroups.directory() + " does not offer"));
            }
        }
    }

    /**
     * The command line the child starts with: {@code setpriv --pdeathsig KILL} first, then one
     * {@code sh} that enters the cgroup and checks that the JVM is still its parent, then the
     * command, each exec'd in place.
     */
    private List<String> command(ProcessSpec spec, Path program, Cgroup cgroup) throws IOException {
        List<String> command = new ArrayList<>(spec.command().size() + 10);
        String script = (cgroup != null ? ENTER_CGROUP : "") + (setpriv != null ? CHECK_PARENT : "");
        if (!script.isEmpty() && shell == null) {
            throw new IOException("cannot start '" + spec.name() + "': no sh to start it contained");
        }
        if (setpriv != null) {
            command.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        if (!script.isEmpty()) {
            command.addAll(List.of(shell.toString(), "-c", script + EXEC,
                    cgroup != null ? cgroup.procsFile().toString() : "sh"));
        }
        if (containment.natives() == null && setsid != null) {
            command.add(setsid.toString());
        }
        command.add(program.toString());
        command.addAll(spec.command().subList(1, spec.command().size()));
        return command;
    }

    private OsChild spawn(Pid pid, List<String> command, Map<String, String> extra, Path directory, String output,
            Cgroup cgroup) throws IOException {
        NativeProcesses natives = containment.natives();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extra);
        int osPid = natives.spawn(command, environment, directory, output, ownSession);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ProcessHandle handle;
        try {
            int pidfd = natives.pidfd(osPid);
            // not reaped before the watcher reaps it, so the handle names this child only
            handle = ProcessHandle.of(osPid).orElseThrow(() -> new IOException("OS process " + osPid + " vanished"));
            containment.watcher().watch(osPid, pidfd, exit::complete);
        } catch (IOException | RuntimeException e) {
            natives.libc().kill(osPid, 9);
            natives.reap(osPid);
            throw e;
        }
        return new OsChild(handle, exit, tree(pid, handle, cgroup), containment.mode());
    }

    private OsChild startJdk(Pid pid, List<String> command, Map<String, String> environment, Path directory,
            String output, Cgroup cgroup) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Redirect.from(NULL_DEVICE));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        if (output == null) {
            builder.redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true).redirectOutput(Redirect.appendTo(new File(output)));
        }
        Process process = builder.start();
        CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
        return new OsChild(process.toHandle(), exit, tree(pid, process.toHandle(), cgroup), containment.mode());
    }

    private OsTree tree(Pid pid, ProcessHandle handle, Cgroup cgroup) {
        if (cgroup != null) {
            return new CgroupTree(cgroup);
        }
        if (containment.subreaper() != null) {
            return containment.subreaper().tree(Subreaper.mark(pid.value()), handle);
        }
        return new GroupTree(handle, ownGroup());
    }

    private interface Start<T> {
        T run() throws IOException;
    }

    /** Runs {@code start} on the launcher thread and waits for it, uninterruptibly: a start is short. */
    private <T> T call(Start<T> start) throws IOException {
        Future<T> result = thread.submit(start::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the kernel's id of the calling thread, from {@code /proc/thread-self} */
    private static long currentTask() throws IOException {
        Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        return Long.parseLong(link.getFileName().toString());
    }

    /** Stops the launcher thread; every child must be gone, since they die with it. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        containment.close();
    }

    /** Finds the program as {@code execvp} would, on the JVM's PATH (which is what Java uses too). */
    private static Path program(ProcessSpec spec, Path directory) throws IOException {
        String program = spec.command().get(0);
        Path found;
        try {
            if (program.indexOf('/') >= 0) {
                Path path = Path.of(program);
                Path base = directory != null ? directory : Path.of("").toAbsolutePath();
                found = path.isAbsolute() ? path : base.resolve(path);
                found = Files.isRegularFile(found) && Files.isExecutable(found) ? found : null;
            } else {
                found = onPath(program);
            }
        } catch (InvalidPathException e) {
            found = null;
        }
        if (found == null) {
            throw new IOException("cannot start '" + spec.name() + "': no executable program '" + program + "'");
        }
        return found;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            path = "/usr/local/bin:/usr/bin:/bin";
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            } catch (InvalidPathException e) {
                // a PATH entry that is no path: skip it, as execvp does
            }
        }
        return null;
    }
}
