package io.reclaim.iouring.internal;

/**
 * Byte offsets and constants of io_uring's kernel interface ({@code include/uapi/linux/io_uring.h}).
 * They are the same on every architecture: all fields are fixed-size integers.
 */
final class RingLayout {

    /** {@code struct io_uring_params}. */
    static final int PARAMS_SIZE = 120;
    static final int PARAMS_SQ_ENTRIES = 0;
    static final int PARAMS_CQ_ENTRIES = 4;
    static final int PARAMS_FEATURES = 20;
    static final int PARAMS_SQ_OFF = 40;
    static final int PARAMS_CQ_OFF = 80;

    /** {@code struct io_sqring_offsets}, relative to {@link #PARAMS_SQ_OFF}. */
    static final int SQ_HEAD = 0;
    static final int SQ_TAIL = 4;
    static final int SQ_RING_MASK = 8;
    static final int SQ_ARRAY = 24;

    /** {@code struct io_cqring_offsets}, relative to {@link #PARAMS_CQ_OFF}. */
    static final int CQ_HEAD = 0;
    static final int CQ_TAIL = 4;
    static final int CQ_RING_MASK = 8;
    static final int CQ_CQES = 20;

    static final int FEAT_SINGLE_MMAP = 1;
    static final int FEAT_EXT_ARG = 1 << 8;

    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    /** {@code struct io_uring_sqe}. */
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FD = 4;
    static final int SQE_OFF = 8;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    static final int SQE_USER_DATA = 32;

    /** {@code struct io_uring_cqe}. */
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;

    static final byte OP_NOP = 0;
    static final byte OP_READ = 22;
    static final byte OP_WRITE = 23;

    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_EXT_ARG = 8;

    /** {@code struct io_uring_getevents_arg} followed by the {@code struct __kernel_timespec} it points to. */
    static final int GETEVENTS_ARG_SIZE = 24;
    static final int GETEVENTS_ARG_TS = 16;
    static final int TIMESPEC_SIZE = 16;

    private RingLayout() {
    }
}
