package io.reclaim.api;

/**
 * What a pid holds of one resource type.
 *
 * @param count number of resources held
 * @param bytes their size in bytes, where the type has one (mapped length, allocation size), else 0
 */
public record ResourceUsage(long count, long bytes) {

    public static final ResourceUsage NONE = new ResourceUsage(0, 0);

    public boolean isEmpty() {
        return count == 0;
    }

    public ResourceUsage plus(ResourceUsage other) {
        return new ResourceUsage(count + other.count, bytes + other.bytes);
    }
}
