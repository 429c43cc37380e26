package io.reclaim.shell.internal;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceUsage;

/**
 * Resources of one type still tracked for a process that should hold nothing.
 *
 * @param pid the owner
 * @param type the resource type
 * @param usage what it holds of the type
 * @param why why it should hold nothing: its state, or its OS child is gone
 * @param running whether the process is still RUNNING (its OS child is gone), so that reaping it
 *     means terminating it rather than cleaning it up
 */
record Leak(Pid pid, String type, ResourceUsage usage, String why, boolean running) {
}
