package io.reclaim.zerocopy;

/**
 * Thrown by an operation on a ring that its creator has closed, or whose creator is gone. The
 * handle stays valid to release; its memory is still mapped until then.
 */
public class RingClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String ring;

    public RingClosedException(String ring, String message) {
        super(message);
        this.ring = ring;
    }

    /** @return the name of the ring */
    public String ring() {
        return ring;
    }
}
