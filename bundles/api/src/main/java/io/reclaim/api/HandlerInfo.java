package io.reclaim.api;

/**
 * One cleanup handler as the orchestrator will run it.
 *
 * @param position 1-based place in the cleanup order
 * @param resourceType the handler's resource type
 * @param ranking its effective {@code service.ranking}
 * @param serviceId its {@code service.id}; negative for handlers registered in plain Java
 * @param bundle symbolic name of the bundle that registered it, or {@code "-"} in plain Java
 */
public record HandlerInfo(int position, String resourceType, int ranking, long serviceId, String bundle) {
}
