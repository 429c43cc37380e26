/**
 * Zero-copy message rings in shared memory between processes.
 *
 * <p>A process creates a ring under a name ({@link io.reclaim.zerocopy.ZeroCopyManager#create});
 * other processes attach to it by that name ({@link io.reclaim.zerocopy.ZeroCopyManager#attach}).
 * Writers claim space in the ring and fill it in place ({@link io.reclaim.zerocopy.Ring#tryClaim});
 * the reader sees each message as a view of the shared memory
 * ({@link io.reclaim.zerocopy.Ring#read}). Nothing is copied between the processes, and nothing
 * passes through the kernel once the ring is mapped.
 *
 * <h2>The ring file</h2>
 * A ring lives in a memory-mapped file {@code reclaim-zc-<name>.ring} in the ring directory
 * ({@code /dev/shm} where it exists, else {@code java.io.tmpdir}; configurable). Any OS process can
 * map the same file. All numbers are in the machine's native byte order.
 * <pre>
 * offset  size  field
 *      0     8  magic "RCLMZC01" (as a long), written last: a file without it is still being created
 *      8     4  layout version, 1
 *     12     4  closed flag: 0 open, 1 closed by the creator (read and written as a volatile int)
 *     16     8  OS pid of the creating JVM
 *     24     8  start time of the creating JVM
 *     32     4  clock of that start time: 1 = clock ticks after boot (/proc/&lt;pid&gt;/stat field 22), 2 = epoch ms
 *     36     4  ring capacity in bytes
 *    128     -  the ring: an Agrona many-to-one ring buffer of capacity + RingBufferDescriptor.TRAILER_LENGTH bytes
 * </pre>
 * A process that attaches from outside the JVM wraps the bytes from offset 128 in Agrona's
 * {@code ManyToOneRingBuffer} (or any code that keeps that layout) and checks the closed flag.
 *
 * <h2>Who cleans up</h2>
 * When the creating process ends (or releases the ring), the closed flag is set, its mapping is
 * unmapped and the file deleted. Attached processes keep their own mapping, so they never touch
 * unmapped memory: their next operation fails with {@link io.reclaim.zerocopy.RingClosedException},
 * and their mapping goes when they release the ring or end. Every ring file a JVM creates is
 * recorded in the platform's journal ({@link io.reclaim.api.journal.Journal}, type
 * {@value io.reclaim.zerocopy.ZeroCopyManager#TYPE}) until it is released; the file of a JVM that
 * died without cleaning up (killed with {@code SIGKILL}) is deleted by the zerocopy
 * {@link io.reclaim.api.journal.LeftoverReclaimer} at the next start on the same home, and listed
 * with its pid in {@code reclaim:history} as an orphan of an earlier run.
 *
 * <h2>Why Agrona 1.x</h2>
 * The ring is Agrona's {@code ManyToOneRingBuffer} over an {@code UnsafeBuffer}: a well-kept,
 * widely used lock-free ring whose layout other processes (and Aeron's C code) already know. It is
 * Agrona 1.23.1, embedded privately: Agrona 2.x routes every {@code UnsafeBuffer} access through
 * {@code org.agrona.UnsafeApi}, which links against {@code jdk.internal.misc.Unsafe} and fails with
 * {@code IllegalAccessError} unless the JVM runs with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} and the OSGi framework exports
 * {@code jdk.internal.misc}. Agrona 1.23.1 uses {@code sun.misc.Unsafe} from the
 * {@code jdk.unsupported} module, which Java 17 exports and opens to everyone, so the rings work on
 * a stock JVM. The ring layout is the same in both lines.
 */
@Version("2.0.0")
@Export
package io.reclaim.zerocopy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
