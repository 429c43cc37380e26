package io.reclaim.api.ledger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Frees a direct or mapped buffer at once, for resource types whose release must not wait for the
 * garbage collector (memory mappings, off-heap allocations, shared rings).
 *
 * <p>Java 17 offers one way to do this without the incubating foreign memory API:
 * {@code sun.misc.Unsafe.invokeCleaner}. It is looked up by reflection through the platform class
 * loader, so no bundle imports {@code sun.misc} and every bundle resolves in any framework; module
 * {@code jdk.unsupported} opens {@code sun.misc}, so no command line flag is needed either.
 */
public final class DirectBuffers {

    private static final MethodHandle INVOKE_CLEANER;
    private static final String UNAVAILABLE;
    /** Reads the native address of a direct buffer: {@code Unsafe.getLong(buffer, offset of Buffer.address)}. */
    private static final MethodHandle ADDRESS;

    static {
        MethodHandle handle = null;
        MethodHandle address = null;
        String unavailable = null;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe", false, ClassLoader.getPlatformClassLoader());
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            handle = MethodHandles.lookup().unreflect(unsafeClass.getMethod("invokeCleaner", ByteBuffer.class))
                    .bindTo(unsafe);
            // objectFieldOffset needs no access to the field, only the Field object: no --add-opens
            long offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class)
                    .invoke(unsafe, java.nio.Buffer.class.getDeclaredField("address"));
            address = MethodHandles.insertArguments(MethodHandles.lookup()
                    .unreflect(unsafeClass.getMethod("getLong", Object.class, long.class)).bindTo(unsafe), 1, offset);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = "buffers cannot be freed deterministically on this JVM: "
                    + "sun.misc.Unsafe.invokeCleaner of module jdk.unsupported is not reachable (" + e + ")";
        }
        INVOKE_CLEANER = handle;
        ADDRESS = address;
        UNAVAILABLE = unavailable;
    }

    private DirectBuffers() {
    }

    /**
     * @throws UnsupportedOperationException if buffers cannot be freed deterministically here
     */
    public static void checkAvailable() {
        if (INVOKE_CLEANER == null) {
            throw new UnsupportedOperationException(UNAVAILABLE);
        }
    }

    /**
     * Unmaps or frees {@code buffer} now. Neither it nor any view of it may be touched afterwards:
     * hand callers a duplicate and keep the original for this call.
     *
     * @param buffer a direct buffer as allocated or mapped, not a slice or duplicate of one
     * @throws UnsupportedOperationException if buffers cannot be freed deterministically here
     * @throws IllegalArgumentException if {@code buffer} is not direct, or is a slice or duplicate
     */
    public static void free(ByteBuffer buffer) {
        checkAvailable();
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("freeing a direct buffer failed: " + e, e);
        }
    }

    /**
     * The native address of the first byte of {@code buffer} (its index 0, not its position); for
     * finding the region a view of native memory belongs to.
     *
     * @throws IllegalArgumentException if {@code buffer} is not direct
     * @throws UnsupportedOperationException if addresses cannot be read here
     */
    public static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a heap buffer has no native address");
        }
        checkAvailable();
        try {
            return (long) ADDRESS.invokeExact((Object) buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading a direct buffer's address failed: " + e, e);
        }
    }
}
