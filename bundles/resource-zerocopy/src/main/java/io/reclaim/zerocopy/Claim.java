package io.reclaim.zerocopy;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.ledger.Pin;

/**
 * Space claimed for one message in a ring. Fill it under {@link #pin()}, then {@link #commit()} to
 * publish it or {@link #abort()} to drop it. If the claiming handle is released first, the claim
 * is aborted then, so the reader is never blocked by a process that is gone.
 */
@ProviderType
public interface Claim {

    /**
     * Pins the ring's mapping until the pin is closed, so that it is not unmapped under the code
     * that fills the claim (a release waits for the pins up to the manager's pin wait, then
     * quarantines the mapping, which the last pin unmaps). Close the pin before {@link #commit()}.
     *
     * @return a pin whose buffer is the message's bytes in shared memory, from position 0 to the
     *     claimed length, in native byte order (as Agrona writes numbers)
     * @throws IllegalStateException if the claim is committed or aborted, or the handle is released
     */
    Pin pin();

    /**
     * @return the message's bytes in shared memory, from position 0 to the claimed length, in
     *     native byte order (as Agrona writes numbers); valid
     *     only until {@link #commit()} or {@link #abort()}
     * @deprecated not pinned: the handle's release may unmap the ring under code that still
     *     writes it; use {@link #pin()}
     */
    @Deprecated(since = "1.1")
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
