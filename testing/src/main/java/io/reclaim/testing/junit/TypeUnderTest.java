package io.reclaim.testing.junit;

import java.util.Objects;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.CloseableResourceManager;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;

/**
 * A resource type as {@link ResourceTypeConformanceTest} drives it: its cleanup handler, a way to
 * acquire one real resource for a pid, and a way to close its manager. It names no manager
 * interface, so a type's conformance test is a few lines whatever its manager looks like:
 *
 * <pre>{@code
 * FileManager files = FileManager.create(gate);
 * CloseableFileManager files = FileManager.create(gate);
 * return TypeUnderTest.of(files, pid -> Held.lease(files.open(pid, file, READ), files::close));
 * }</pre>
 */
public interface TypeUnderTest {

    /** @return the handler the orchestrator runs when a pid ends */
    ResourceCleanup cleanupHandler();

    /**
     * Acquires one small, real resource of this type for {@code pid}.
     *
     * @throws io.reclaim.api.ProcessNotRunningException if the gate refuses the pid
     */
    Held acquire(Pid pid) throws Exception;

    /**
     * Closes the manager as stopping its bundle does: everything it tracks, for every pid, is
     * released and later acquisitions are refused.
     *
     * @return what closing released, or {@code null} if the manager does not say (a component
     *     closed through its {@code deactivate}); the test then checks only that nothing is held
     */
    CleanupStats close() throws Exception;

    /** One resource acquired through {@link #acquire}. */
    interface Held {

        /**
         * Uses the resource on behalf of {@code caller}: reads it, sends on it, looks at it.
         *
         * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own it
         * @throws UnsupportedOperationException (the default) if the type's only owner-checked
         *     operation is the release (a timer, a task): the owner check then covers the release only
         */
        default void useAs(Pid caller) throws Exception {
            throw new UnsupportedOperationException("no owner-checked use but the release");
        }

        /**
         * Releases the resource on behalf of {@code caller}, before its owner ends.
         *
         * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own it; nothing is released
         */
        void releaseAs(Pid caller) throws Exception;

        /**
         * A resource held through a {@link Lease}: using it is {@link Lease#resource(Pid)}, releasing it
         * is the manager's own release method.
         */
        static <L extends Lease<?>> Held lease(L lease, Release<? super L> release) {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(release, "release");
            return new Held() {
                @Override
                public void useAs(Pid caller) {
                    lease.resource(caller);
                }

                @Override
                public void releaseAs(Pid caller) throws Exception {
                    release.release(caller, lease);
                }
            };
        }

        /**
         * A resource whose only owner-checked operation is its release, e.g. a timer that
         * {@code timers.cancel(pid, timer)} releases.
         */
        static <H> Held releasedBy(H handle, Release<? super H> release) {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(release, "release");
            return caller -> release.release(caller, handle);
        }
    }

    /** A manager's method that releases one handle on behalf of a pid, e.g. {@code files::close}. */
    @FunctionalInterface
    interface Release<H> {
        void release(Pid caller, H handle) throws Exception;
    }

    /** Acquires one resource for a pid. */
    @FunctionalInterface
    interface Acquire {
        Held acquire(Pid pid) throws Exception;
    }

    /** Closes a manager. */
    @FunctionalInterface
    interface Close {
        CleanupStats close() throws Exception;
    }

    /**
     * A type made in plain Java, whose handle gives its cleanup handler and its shutdown (what a
     * bundle stop does), e.g. {@code TypeUnderTest.of(FileManager.create(gate), pid -> ...)}.
     */
    static TypeUnderTest of(CloseableResourceManager manager, Acquire acquire) {
        return of(manager.cleanupHandler(), acquire, manager::shutdown);
    }

    /** A type from its three parts. */
    static TypeUnderTest of(ResourceCleanup cleanupHandler, Acquire acquire, Close close) {
        Objects.requireNonNull(cleanupHandler, "cleanupHandler");
        Objects.requireNonNull(acquire, "acquire");
        Objects.requireNonNull(close, "close");
        return new TypeUnderTest() {
            @Override
            public ResourceCleanup cleanupHandler() {
                return cleanupHandler;
            }

            @Override
            public Held acquire(Pid pid) throws Exception {
                return acquire.acquire(pid);
            }

            @Override
            public CleanupStats close() throws Exception {
                return close.close();
            }
        };
    }
}
