package io.reclaim.api.journal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Numbers that are never handed out twice on one journal. Numbers are reserved on disk in blocks,
 * so drawing one rarely writes; after a JVM that died, the next run starts after the whole block
 * it had reserved.
 */
@ProviderType
public interface Sequence {

    /**
     * @return the next number, greater than every number this sequence ever handed out on its journal
     * @throws java.io.UncheckedIOException if a new block cannot be reserved on disk
     */
    long next();

    /** @return the greatest number that may have been handed out, by this run or an earlier one; 0 if none */
    long last();
}
