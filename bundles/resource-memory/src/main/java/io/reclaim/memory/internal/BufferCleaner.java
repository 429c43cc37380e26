package io.reclaim.memory.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Frees a direct or mapped buffer at once through {@code sun.misc.Unsafe.invokeCleaner}, the one
 * way Java 17 offers to unmap without the incubating foreign memory API.
 *
 * <p>{@code sun.misc.Unsafe} is looked up by reflection through the platform class loader, not
 * the bundle's, so the bundle imports nothing and resolves in any framework; module
 * {@code jdk.unsupported} opens {@code sun.misc}, so no command line flag is needed either.
 */
final class BufferCleaner {

    private static final BufferCleaner PLATFORM = lookUp();

    private final MethodHandle invokeCleaner;
    private final String unavailable;

    private BufferCleaner(MethodHandle invokeCleaner, String unavailable) {
        this.invokeCleaner = invokeCleaner;
        this.unavailable = unavailable;
    }

    static BufferCleaner platform() {
        return PLATFORM;
    }

    /**
     * @throws UnsupportedOperationException if buffers cannot be freed deterministically here
     */
    void checkAvailable() {
        if (invokeCleaner == null) {
            throw new UnsupportedOperationException(unavailable);
        }
    }

    /**
     * Unmaps or frees {@code buffer} now. The buffer and every view of it must not be touched
     * afterwards.
     *
     * @param buffer a direct buffer as allocated or mapped, not a slice or duplicate of one
     */
    void free(ByteBuffer buffer) {
        checkAvailable();
        try {
            invokeCleaner.invokeExact(buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("freeing a direct buffer failed: " + e, e);
        }
    }

    private static BufferCleaner lookUp() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe", false, ClassLoader.getPlatformClassLoader());
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup()
                    .unreflect(unsafeClass.getMethod("invokeCleaner", ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
            return new BufferCleaner(handle, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new BufferCleaner(null, "buffers cannot be freed deterministically on this JVM: "
                    + "sun.misc.Unsafe.invokeCleaner of module jdk.unsupported is not reachable (" + e + ")");
        }
    }
}
