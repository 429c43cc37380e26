package io.reclaim.process;

import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.ResourceOrchestrators;

/**
 * A JVM of its own for {@code ContainmentTest}: builds a process manager with the containment
 * given, spawns {@code sleep <seconds>} from a thread that ends at once, prints the child's OS pid
 * and waits to be killed.
 */
public final class SpawningJvm {

    private SpawningJvm() {
    }

    public static void main(String[] args) throws Exception {
        CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(ResourceOrchestrators.builder().build())
                .containment(args[0]).build();
        ProcessInfo[] child = new ProcessInfo[1];
        Thread caller = new Thread(() -> {
            try {
                child[0] = processes.spawn(ProcessSpec.named("sleeper").withCommand("sleep", args[1]));
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        caller.start();
        caller.join();
        System.out.println("spawned " + child[0].osPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
