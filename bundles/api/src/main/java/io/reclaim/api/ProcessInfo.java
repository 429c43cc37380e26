package io.reclaim.api;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A snapshot of one managed process.
 *
 * @param pid its id
 * @param spec what it was spawned from
 * @param state where it is in its life
 * @param osPid the OS pid of its child, or 0 for a logical process
 * @param started when it was spawned
 * @param ended when its cleanup finished, or {@code null} while it is not TERMINATED
 * @param ending how it ended, or {@code null} while it is not TERMINATED
 * @param exitCode the OS child's exit status, or {@code null} if none is known
 * @param cleanup the result of its cleanup, or {@code null} while it is not TERMINATED
 */
public record ProcessInfo(Pid pid, ProcessSpec spec, ProcessState state, long osPid, Instant started,
        Instant ended, Ending ending, Integer exitCode, CleanupResult cleanup) {

    public String name() {
        return spec.name();
    }

    public OptionalLong os() {
        return osPid > 0 ? OptionalLong.of(osPid) : OptionalLong.empty();
    }

    public OptionalInt exit() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    public Optional<CleanupResult> result() {
        return Optional.ofNullable(cleanup);
    }
}
