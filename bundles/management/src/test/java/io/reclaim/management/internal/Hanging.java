package io.reclaim.management.internal;

import java.util.concurrent.CountDownLatch;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;

/** A cleanup handler that hangs, ignoring interruption, until it is let go. */
final class Hanging implements ResourceCleanup {

    private final CountDownLatch release;

    Hanging(CountDownLatch release) {
        this.release = release;
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        boolean interrupted = false;
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true; // a hung handler does not stop because it is asked to
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return CleanupStats.NONE;
    }

    @Override
    public String resourceType() {
        return "hanging";
    }

    @Override
    public boolean hasResources(Pid pid) {
        return false;
    }
}
