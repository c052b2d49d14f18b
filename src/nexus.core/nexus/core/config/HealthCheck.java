package nexus.core.config;

import java.time.Duration;

/**
 * How to tell that a service is up. {@code http}: GET {@code path} on the service port answers 2xx/3xx;
 * {@code tcp}: the port accepts a connection; {@code exec}: {@code command} exits 0 inside the workspace;
 * {@code none}: started is healthy. The service must pass within {@code timeout}, probed every {@code interval}.
 */
public record HealthCheck(Type type, String path, String command, Duration timeout, Duration interval) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final HealthCheck NONE = new HealthCheck(Type.NONE, null, null, DEFAULT_TIMEOUT, DEFAULT_INTERVAL);

    public enum Type { HTTP, TCP, EXEC, NONE }

    public static HealthCheck tcp() {
        return new HealthCheck(Type.TCP, null, null, DEFAULT_TIMEOUT, DEFAULT_INTERVAL);
    }

    public static HealthCheck http(String path) {
        return new HealthCheck(Type.HTTP, path, null, DEFAULT_TIMEOUT, DEFAULT_INTERVAL);
    }
}
