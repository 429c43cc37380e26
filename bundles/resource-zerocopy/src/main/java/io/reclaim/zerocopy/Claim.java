package io.reclaim.zerocopy;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Space claimed for one message in a ring. Fill {@link #buffer()}, then {@link #commit()} to
 * publish it or {@link #abort()} to drop it. If the claiming handle is released first, the claim
 * is aborted then, so the reader is never blocked by a process that is gone.
 */
@ProviderType
public interface Claim {

    /**
     * @return the message's bytes in shared memory, from position 0 to the claimed length, in
     *     native byte order (as Agrona writes numbers); valid
     *     only until {@link #commit()} or {@link #abort()}
     */
    ByteBuffer buffer();

    /**
     * Publishes the message to the reader.
     *
     * @throws IllegalStateException if the claim is already committed or aborted, or the handle is released
     */
    void commit();

    /**
     * Drops the message; the reader skips it.
     *
     * @throws IllegalStateException if the claim is already committed or aborted, or the handle is released
     */
    void abort();
}
