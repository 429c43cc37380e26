package io.reclaim.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.orchestrator.internal.Orchestrator;

/**
 * Builds an orchestrator without OSGi, as the seed did:
 *
 * <pre>{@code
 * try (EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder()
 *         .register(sockets)                       // ranking 0
 *         .register(mappings)                      // ranking 0, registered later: runs first
 *         .register(tasks, ResourceCleanup.RANKING_TASKS)
 *         .handlerTimeout(Duration.ofSeconds(2))
 *         .build()) {
 *     CleanupResult result = orchestrator.cleanupProcess(pid);   // tasks, mappings, sockets
 * }
 * }</pre>
 *
 * <p>Handlers run in descending ranking; among equal rankings the later registration runs first
 * (LIFO).
 */
public final class ResourceOrchestrators {

    /** The timeout of one handler unless {@link Builder#handlerTimeout} says otherwise. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofMillis(5000);

    private ResourceOrchestrators() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects handlers and settings; {@link #build()} may be called more than once. */
    public static final class Builder {

        private record Pending(ResourceCleanup handler, int ranking) {
        }

        private final List<Pending> handlers = new ArrayList<>();
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;

        private Builder() {
        }

        /** Adds a handler at ranking {@value ResourceCleanup#RANKING_CUSTOM}. */
        public Builder register(ResourceCleanup handler) {
            return register(handler, ResourceCleanup.RANKING_CUSTOM);
        }

        /** Adds a handler; a higher ranking runs earlier. */
        public Builder register(ResourceCleanup handler, int ranking) {
            handlers.add(new Pending(Objects.requireNonNull(handler, "handler"), ranking));
            return this;
        }

        /**
         * How long one handler may run before it is abandoned (its thread interrupted) and the next
         * runs.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder handlerTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the handler timeout must be positive, got " + timeout);
            }
            this.handlerTimeout = timeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a handler has no resource type
         */
        public EmbeddedOrchestrator build() {
            Orchestrator orchestrator = new Orchestrator(handlerTimeout);
            try {
                for (Pending pending : handlers) {
                    orchestrator.register(pending.handler(), pending.ranking());
                }
            } catch (RuntimeException | Error e) {
                orchestrator.close(); // no cleanup threads left behind by a builder that failed
                throw e;
            }
            return orchestrator;
        }
    }
}
