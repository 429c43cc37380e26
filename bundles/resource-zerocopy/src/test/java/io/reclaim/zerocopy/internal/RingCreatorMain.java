package io.reclaim.zerocopy.internal;

import java.nio.file.Path;
import java.util.Map;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.journal.Journals;

/**
 * Run as a separate JVM: creates a ring in the given directory, recorded in the given journal, says so on stdout, then waits to
 * be killed, so that its ring file is left behind as after a crash.
 */
public final class RingCreatorMain {

    private RingCreatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Pid pid = Pid.of(1);
        ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(Map.of(pid, ProcessState.RUNNING)::get, Path.of(args[0]),
                Journals.open(Path.of(args[2])));
        Path file = manager.create(pid, args[1], 1024).resource(pid).file();
        System.out.println(file);
        System.out.flush();
        Thread.sleep(60_000);
    }
}
