package nexus.server.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nexus.core.json.JsonObject;
import nexus.server.log.JsonLog;

/**
 * Runs {@link NodeRegistry#sweep} several times per node timeout, so a silent node is offline at most a quarter
 * timeout (and never more than a second) after its timeout passed.
 */
public final class LivenessSweeper implements AutoCloseable {
    private final ScheduledExecutorService timer;

    public LivenessSweeper(NodeRegistry registry, Duration nodeTimeout, JsonLog log) {
        long every = Math.max(50, Math.min(1000, nodeTimeout.toMillis() / 4));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("nexus-liveness").unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                registry.sweep();
            } catch (RuntimeException e) {
                log.error("node liveness sweep failed; retrying", JsonObject.empty(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
