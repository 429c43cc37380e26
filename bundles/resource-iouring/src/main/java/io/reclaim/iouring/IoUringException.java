package io.reclaim.iouring;

/** Thrown when the kernel refuses an io_uring system call. */
public class IoUringException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public IoUringException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** @return the errno the kernel answered, or 0 if the failure did not come from a system call */
    public int errno() {
        return errno;
    }
}
