package io.reclaim.iouring.internal;

import com.sun.jna.Pointer;

/**
 * One region of a ring mapped into this process.
 *
 * @param what which region, for messages
 * @param address where it is mapped
 * @param length its length in bytes
 */
record Mapping(String what, Pointer address, long length) {

    /** @return 0, or the errno of a failed {@code munmap} */
    int unmap() {
        return Syscalls.munmap(address, length);
    }
}
