package io.reclaim.management.internal;

/** {@code io.reclaim:type=Leaks}: what is still tracked for pids that ended. */
public interface LeaksMBean {

    /** @return resources still tracked for pids that ended or are unknown */
    long getLeakedResources();

    /** @return those pids, in order */
    long[] getLeakedPids();

    /** @return one line per pid and type: pid, type, count, bytes, why */
    String[] getLeaks();
}
