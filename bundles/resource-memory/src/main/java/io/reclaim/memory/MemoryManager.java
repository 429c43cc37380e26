package io.reclaim.memory;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.memory.internal.MemoryManagerImpl;

/**
 * Allocates direct memory on behalf of processes, each under a quota, and frees it
 * deterministically: when the owner frees an allocation, or when its process ends, the memory
 * goes back at once, as the JVM's {@code direct} buffer pool shows.
 *
 * <p>A process's quota is {@value #QUOTA_PROPERTY} from its {@link ProcessSpec#properties()} if
 * set, else the manager's default. It is read on the process's first allocation and kept until
 * its cleanup; a process that uses the default follows later changes of the default.
 * {@link io.reclaim.api.CleanupStats#bytesFreed()} counts the allocation sizes.
 *
 * <pre>{@code
 * Lease<Allocation> block = memory.allocate(pid, 4096);
 * block.resource(pid).access(buffer -> buffer.putLong(0, 42L));
 * memory.free(pid, block);
 * }</pre>
 *
 * <p>Memory is freed only when no {@link Allocation#pin() pin} holds it: a release waits for the
 * pins up to the configured pin wait, then quarantines a block still pinned (counted in
 * {@link io.reclaim.api.CleanupStats#bytesQuarantined()} and {@link #totals()}), and the last pin
 * frees it.
 */
@ProviderType
public interface MemoryManager {

    /** The resource type of this manager. */
    String TYPE = "memory";

    /** The {@link ProcessSpec} property that sets a process's quota, in bytes. */
    String QUOTA_PROPERTY = "memory.quota";

    /** The default quota, 64 MiB, unless configured otherwise. */
    long DEFAULT_QUOTA_BYTES = 64L * 1024 * 1024;

    /**
     * Allocates {@code bytes} of zeroed direct memory for {@code pid}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive, or the pid's
     *     {@value #QUOTA_PROPERTY} is not a number of bytes
     * @throws MemoryQuotaExceededException if the allocation would take the pid past its quota
     * @throws io.reclaim.api.ProcessNotRunningException if {@code pid} may not acquire resources
     * @throws IllegalStateException if the manager is stopped or the JVM's direct memory is exhausted
     * @throws UnsupportedOperationException if the JVM offers no way to free memory
     *     deterministically ({@code sun.misc.Unsafe} of module {@code jdk.unsupported} is missing)
     */
    Lease<Allocation> allocate(Pid pid, int bytes);

    /**
     * Frees an allocation on its owner's request, after waiting up to the pin wait for its pins.
     *
     * @return the bytes freed; 0 if it is still pinned and is quarantined instead (freed when its
     *     last pin closes)
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own it; it stays allocated
     * @throws IllegalStateException if it was already freed
     */
    long free(Pid caller, Lease<Allocation> lease);

    /** @return the bytes {@code pid} holds now; O(1) */
    long used(Pid pid);

    /** @return the quota that applies to {@code pid}, in bytes */
    long quota(Pid pid);


    /** A manager for plain Java in which every pid has the quota {@code defaultQuotaBytes}. */
    static CloseableMemoryManager create(ProcessGate gate, long defaultQuotaBytes) {
        return create(gate, defaultQuotaBytes, pid -> OptionalLong.empty());
    }

    /**
     * A manager for plain Java.
     *
     * @param quotaLookup a pid's own quota, or empty for the default; see {@link #quotasOf(ProcessManager)}
     * @throws IllegalArgumentException if {@code defaultQuotaBytes} is negative
     */
    static CloseableMemoryManager create(ProcessGate gate, long defaultQuotaBytes, Function<Pid, OptionalLong> quotaLookup) {
        return new MemoryManagerImpl.Embedded(gate, defaultQuotaBytes, quotaLookup);
    }

    /** @return a quota lookup that reads {@value #QUOTA_PROPERTY} from the specs of {@code processes} */
    static Function<Pid, OptionalLong> quotasOf(ProcessManager processes) {
        Objects.requireNonNull(processes, "processes");
        return pid -> processes.info(pid).map(info -> quotaOf(info.spec())).orElse(OptionalLong.empty());
    }

    /**
     * @return the spec's {@value #QUOTA_PROPERTY} in bytes, or empty if it sets none
     * @throws IllegalArgumentException if the property is not a whole number of bytes, 0 or more
     */
    static OptionalLong quotaOf(ProcessSpec spec) {
        String value = spec.properties().get(QUOTA_PROPERTY);
        if (value == null) {
            return OptionalLong.empty();
        }
        long quota;
        try {
            quota = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            quota = -1;
        }
        if (quota < 0) {
            throw new IllegalArgumentException("process '" + spec.name() + "' has " + QUOTA_PROPERTY + " '"
                    + value + "': expected a number of bytes, 0 or more");
        }
        return OptionalLong.of(quota);
    }
}
