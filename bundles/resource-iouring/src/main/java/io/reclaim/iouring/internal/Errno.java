package io.reclaim.iouring.internal;

import java.util.Map;

/** Names of the errno values io_uring answers with, for one-line messages. */
final class Errno {

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int ENOSYS = 38;
    static final int ETIME = 62;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(EINTR, "EINTR"), Map.entry(EBADF, "EBADF"),
            Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(EMFILE, "EMFILE"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(ETIME, "ETIME"));

    private Errno() {
    }

    /** @return e.g. {@code "ENOSYS (Function not implemented)"} */
    static String describe(int errno) {
        String text;
        try {
            text = LibC.INSTANCE.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = null;
        }
        String name = NAMES.getOrDefault(errno, "errno " + errno);
        return text == null ? name : name + " (" + text + ")";
    }
}
