package io.reclaim.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.sockets.SocketManager;
import io.reclaim.files.CloseableFileManager;
import io.reclaim.sockets.CloseableSocketManager;

/**
 * Terminating a pid that holds 1,000 real channels (500 {@link FileChannel}s on files of a temp
 * directory, 500 UDP {@link DatagramChannel}s bound to a free loopback port) through the process
 * manager and the orchestrator, against closing the same set in a plain loop.
 *
 * <p>Two pairs, each measured the same way on both sides:
 * <ul>
 * <li>{@code reclaimTerminate} / {@code rawClose}: the close alone. The channels are opened in a
 *     per-invocation setup, outside the measured time; Reclaim's time is the whole
 *     {@code terminate}: gate, orchestrator hand-off, both handlers, the process table.</li>
 * <li>{@code reclaimOpenAndTerminate} / {@code rawOpenAndClose}: the whole life, spawn and open
 *     included, so the cost of tracking each acquisition is measured too.</li>
 * </ul>
 * Both sides close the sockets first, then the files, as the rankings order them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class CleanupVsRawClose {

    static final int FILES = 500;
    static final int SOCKETS = 500;
    static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final ProcessSpec SPEC = ProcessSpec.named("holder");

    /** The platform and the files, built once per fork. */
    @State(Scope.Benchmark)
    public static class Platform {
        /** {@code embedded} is the platform's orchestrator; {@code inline} is the {@link InlineOrchestrator} measuring device. */
        @Param({"embedded"})
        public String orchestrator;

        Path directory;
        Path[] paths;
        ResourceOrchestrator cleanup;
        EmbeddedOrchestrator embedded;
        CloseableProcessManager processes;
        CloseableFileManager files;
        CloseableSocketManager sockets;

        @Setup(Level.Trial)
        public void start() throws IOException {
            directory = Files.createTempDirectory("reclaim-bench-");
            paths = new Path[FILES];
            for (int i = 0; i < FILES; i++) {
                paths[i] = Files.write(directory.resolve("file-" + i), new byte[] {1});
            }
            if (orchestrator.equals("inline")) {
                cleanup = InlineOrchestrator.create();
            } else {
                embedded = ResourceOrchestrators.builder().build();
                cleanup = embedded;
            }
            processes = ProcessManagers.builder().withResourceOrchestrator(cleanup).build();
            files = FileManager.create(processes);
            sockets = SocketManager.create(processes);
            cleanup.register(files.cleanupHandler(), ResourceCleanup.RANKING_FILES);
            cleanup.register(sockets.cleanupHandler(), ResourceCleanup.RANKING_SOCKETS);
        }

        /** Spawns a process and opens the 1,000 channels for it, as {@code reclaimOpenAndTerminate} does. */
        Pid spawnHolder() throws IOException {
            Pid pid = processes.spawn(SPEC).pid();
            for (int i = 0; i < FILES; i++) {
                files.open(pid, paths[i], StandardOpenOption.READ);
            }
            for (int i = 0; i < SOCKETS; i++) {
                sockets.udp(pid, LOOPBACK_ANY_PORT);
            }
            return pid;
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            processes.close();
            files.shutdown();
            sockets.shutdown();
            if (embedded != null) {
                embedded.close();
            }
            try (Stream<Path> list = Files.list(directory)) {
                for (Path path : (Iterable<Path>) list::iterator) {
                    Files.delete(path);
                }
            }
            Files.delete(directory);
        }
    }

    /** A process holding the 1,000 channels, made afresh before every invocation. */
    @State(Scope.Thread)
    public static class Holder {
        Pid pid;
        CleanupResult result;

        @Setup(Level.Invocation)
        public void open(Platform platform) throws IOException {
            pid = platform.spawnHolder();
            result = null;
        }

        @TearDown(Level.Invocation)
        public void check() {
            checkFreed(result);
        }
    }

    /**
     * For {@code managersCleanup}: a process holding the 1,000 channels, ended after the
     * invocation, once the measured call has released everything it held.
     */
    @State(Scope.Thread)
    public static class HolderForManagers {
        Platform platform;
        Pid pid;
        long freed;

        @Setup(Level.Invocation)
        public void open(Platform platform) throws IOException {
            this.platform = platform;
            pid = platform.spawnHolder();
            freed = 0;
        }

        @TearDown(Level.Invocation)
        public void end() {
            CleanupResult rest = platform.processes.terminate(pid, Duration.ZERO);
            if (freed != FILES + SOCKETS || rest.total().resourcesFreed() != 0) {
                throw new IllegalStateException("the managers freed " + freed + " channels, the termination " + rest);
            }
        }
    }

    /** The same 1,000 channels, opened without Reclaim before every invocation. */
    @State(Scope.Thread)
    public static class RawSet {
        final FileChannel[] files = new FileChannel[FILES];
        final DatagramChannel[] sockets = new DatagramChannel[SOCKETS];

        @Setup(Level.Invocation)
        public void open(Platform platform) throws IOException {
            openRaw(platform.paths, files, sockets);
        }

        @TearDown(Level.Invocation)
        public void check() {
            checkClosed(files, sockets);
        }
    }

    @Benchmark
    public CleanupResult reclaimTerminate(Platform platform, Holder holder) {
        holder.result = platform.processes.terminate(holder.pid, Duration.ZERO);
        return holder.result;
    }

    /**
     * Diagnostic, not in the report: the two managers' cleanups called directly on this thread,
     * without the process manager and the orchestrator, to tell the ledger's share of
     * {@code reclaimTerminate} from theirs.
     */
    @Benchmark
    public long managersCleanup(Platform platform, HolderForManagers holder) {
        holder.freed = platform.sockets.cleanupHandler().cleanup(holder.pid).resourcesFreed() + platform.files.cleanupHandler().cleanup(holder.pid).resourcesFreed();
        return holder.freed;
    }

    @Benchmark
    public int rawClose(RawSet raw) throws IOException {
        return closeRaw(raw.files, raw.sockets);
    }

    /** The same channels, shuffled before every invocation. */
    @State(Scope.Thread)
    public static class ShuffledRawSet {
        final FileChannel[] files = new FileChannel[FILES];
        final DatagramChannel[] sockets = new DatagramChannel[SOCKETS];
        private final Random random = new Random(42);

        @Setup(Level.Invocation)
        public void open(Platform platform) throws IOException {
            openRaw(platform.paths, files, sockets);
            Collections.shuffle(Arrays.asList(files), random);
            Collections.shuffle(Arrays.asList(sockets), random);
        }

        @TearDown(Level.Invocation)
        public void check() {
            checkClosed(files, sockets);
        }
    }

    /**
     * Diagnostic, not in the report: the plain loop over the channels in random order, as a
     * hash-ordered ledger visits them, to tell the cost of the visiting order from the ledger's
     * own bookkeeping.
     */
    @Benchmark
    public int rawCloseShuffled(ShuffledRawSet raw) throws IOException {
        return closeRaw(raw.files, raw.sockets);
    }

    @Benchmark
    public CleanupResult reclaimOpenAndTerminate(Platform platform) throws IOException {
        Pid pid = platform.spawnHolder();
        CleanupResult result = platform.processes.terminate(pid, Duration.ZERO);
        checkFreed(result);
        return result;
    }

    @Benchmark
    public int rawOpenAndClose(Platform platform) throws IOException {
        FileChannel[] files = new FileChannel[FILES];
        DatagramChannel[] sockets = new DatagramChannel[SOCKETS];
        openRaw(platform.paths, files, sockets);
        return closeRaw(files, sockets);
    }

    static void openRaw(Path[] paths, FileChannel[] files, DatagramChannel[] sockets) throws IOException {
        for (int i = 0; i < FILES; i++) {
            files[i] = FileChannel.open(paths[i], StandardOpenOption.READ);
        }
        for (int i = 0; i < SOCKETS; i++) {
            sockets[i] = DatagramChannel.open().bind(LOOPBACK_ANY_PORT);
        }
    }

    static int closeRaw(FileChannel[] files, DatagramChannel[] sockets) throws IOException {
        // as a careful hand-written loop would: one failing close does not leak the rest
        List<IOException> failures = null;
        int closed = 0;
        for (Channel[] channels : new Channel[][] {sockets, files}) {
            for (Channel channel : channels) {
                try {
                    channel.close();
                    closed++;
                } catch (IOException e) {
                    if (failures == null) {
                        failures = new ArrayList<>();
                    }
                    failures.add(e);
                }
            }
        }
        if (failures != null) {
            throw failures.get(0);
        }
        return closed;
    }

    static void checkFreed(CleanupResult result) {
        if (result == null || result.hasErrors() || result.total().resourcesFreed() != FILES + SOCKETS) {
            throw new IllegalStateException("the cleanup did not free the 1,000 channels: " + result);
        }
    }

    static void checkClosed(FileChannel[] files, DatagramChannel[] sockets) {
        for (FileChannel file : files) {
            if (file.isOpen()) {
                throw new IllegalStateException("a raw file stayed open");
            }
        }
        for (DatagramChannel socket : sockets) {
            if (socket.isOpen()) {
                throw new IllegalStateException("a raw socket stayed open");
            }
        }
    }
}
