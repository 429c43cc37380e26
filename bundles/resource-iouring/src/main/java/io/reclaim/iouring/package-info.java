/**
 * io_uring rings per process (Linux).
 *
 * <p>A process creates a ring with {@link io.reclaim.iouring.IoUringManager#create}, queues
 * {@code NOP}, {@code READ} and {@code WRITE} operations against file descriptors it holds, submits
 * them to the kernel and reaps their completions. When the process ends, its rings are unmapped
 * and their file descriptors closed.
 *
 * <p>Where the kernel offers no io_uring (another operating system, a kernel built without it,
 * {@code kernel.io_uring_disabled = 2}, a seccomp filter that answers {@code ENOSYS} or
 * {@code EPERM}), the bundle still activates and creating a ring fails with
 * {@link io.reclaim.iouring.IoUringUnavailableException}, which names the reason.
 */
@Version("2.0.0")
@Export
package io.reclaim.iouring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
