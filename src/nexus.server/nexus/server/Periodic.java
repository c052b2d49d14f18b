package nexus.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nexus.core.json.JsonObject;
import nexus.server.log.JsonLog;

/**
 * A task the server runs every {@code every} on a daemon thread of its own (node liveness, upload expiry). A
 * failed run is logged and the next one tries again.
 */
final class Periodic implements AutoCloseable {
    private final ScheduledExecutorService timer;

    Periodic(String name, Duration every, Runnable task, JsonLog log) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("nexus-" + name).unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error(name + " failed; retrying", JsonObject.empty(), e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
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
