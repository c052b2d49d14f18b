package nexus.server.events;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes long-polls when something they watch changes, without polling the database: a topic per watched thing
 * ({@code node:<id>} for a node's assignments, {@code ws:<id>} for a workspace's events). A waiter first
 * {@link #watch watches} its topic, then reads the current version from the store, and only then
 * {@link Watch#await awaits} — so a change committed between the read and the wait is never missed. Writers
 * {@link #publish} after their transaction commits.
 */
public final class ChangeNotifier {
    private final ConcurrentHashMap<String, CompletableFuture<Void>> next = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public static String nodeTopic(String nodeId) {
        return "node:" + nodeId;
    }

    public static String workspaceTopic(String workspaceId) {
        return "ws:" + workspaceId;
    }

    /** A pending wait for the next change of one topic. */
    public final class Watch {
        private final CompletableFuture<Void> change;

        private Watch(CompletableFuture<Void> change) {
            this.change = change;
        }

        /** Waits until the topic changes, the notifier closes, or {@code timeout} passes; true unless it timed out. */
        public boolean await(Duration timeout) {
            try {
                change.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (ExecutionException e) {
                return true;
            }
        }
    }

    public Watch watch(String topic) {
        CompletableFuture<Void> f = next.computeIfAbsent(topic, t -> new CompletableFuture<>());
        if (closed) {
            f.complete(null);
        }
        return new Watch(f);
    }

    /** Wakes everyone watching {@code topic}; later watchers wait for the change after this one. */
    public void publish(String topic) {
        CompletableFuture<Void> f = next.remove(topic);
        if (f != null) {
            f.complete(null);
        }
    }

    /** True once the server is shutting down: long-polls answer what they have instead of waiting. */
    public boolean isClosed() {
        return closed;
    }

    /** Releases every waiter now and from now on (shutdown: long-polls answer at once instead of holding the server). */
    public void close() {
        closed = true;
        next.values().forEach(f -> f.complete(null));
    }
}
