package io.reclaim.testing.junit;

import java.util.List;

import io.reclaim.api.Pid;

/**
 * Where the resources of one type that a pid still holds were acquired, for the report of
 * {@link ReclaimLeakRule}. The ownership ledger does not record acquisition sites yet; once it
 * does, an implementation that reads them plugs in here
 * ({@link ReclaimLeakRule#withAcquisitionSites}), and each leak in the report names its sites.
 */
@FunctionalInterface
public interface AcquisitionSites {

    /** Knows no site: the report says that site tracking is off. */
    AcquisitionSites NOT_TRACKED = (type, pid) -> List.of();

    /**
     * @return one line per site (e.g. a stack frame, {@code com.example.Worker.run(Worker.java:42)}),
     *     empty if none is known
     */
    List<String> sites(String resourceType, Pid pid);
}
