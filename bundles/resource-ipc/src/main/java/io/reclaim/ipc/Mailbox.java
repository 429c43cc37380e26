package io.reclaim.ipc;

import io.reclaim.api.Pid;
import org.osgi.annotation.versioning.ProviderType;

/** The bounded message queue of one process: the resource an {@link IpcManager} tracks for it. */
@ProviderType
public interface Mailbox {

    /** @return the process that receives from it */
    Pid owner();

    /** @return how many messages it holds at most */
    int capacity();

    /** @return how many messages wait in it now */
    int size();

    /** @return whether it was released; a closed mailbox takes and gives no messages */
    boolean isClosed();
}
