package io.reclaim.signals;

import io.reclaim.api.Pid;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One registered signal handler: the resource a {@link SignalManager} tracks for a pid. The caller
 * holds it through the {@link io.reclaim.api.ledger.Lease} that
 * {@link SignalManager#handle(Pid, String, SignalHandler)} returned.
 */
@ProviderType
public interface SignalSubscription {

    /** @return the process the handler belongs to */
    Pid pid();

    /** @return the signal it handles, normalized to upper case, e.g. {@code "USR1"} */
    String signal();
}
