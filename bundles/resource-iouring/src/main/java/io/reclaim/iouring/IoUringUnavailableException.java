package io.reclaim.iouring;

/**
 * Thrown when this system offers no io_uring: another operating system or architecture, no JNA,
 * a kernel built without io_uring ({@code ENOSYS}), io_uring disabled by
 * {@code /proc/sys/kernel/io_uring_disabled} or refused by a seccomp filter ({@code EPERM}).
 */
public class IoUringUnavailableException extends IoUringException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public IoUringUnavailableException(String reason, int errno) {
        super("io_uring is not available: " + reason, errno);
        this.reason = reason;
    }

    /** @return why io_uring is not available, without the prefix of the message */
    public String reason() {
        return reason;
    }
}
