/**
 * Sockets owned by managed processes: {@link io.reclaim.sockets.SocketManager} opens TCP
 * listeners, TCP connections and UDP sockets as real NIO channels on behalf of a pid and closes
 * every one the pid still holds when it ends.
 */
@Version("2.0.0")
@Export
package io.reclaim.sockets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
