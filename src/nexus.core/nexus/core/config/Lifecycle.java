package nexus.core.config;

/**
 * Lifecycle hooks, each a shell script run as user {@code dev} in {@code /home/dev/workspace}: {@code preStart}
 * once after the clone (dependency install), {@code postStart} after services are healthy, {@code preStop}
 * before the workspace stops. Null when absent.
 */
public record Lifecycle(String preStart, String postStart, String preStop) {
    public static final Lifecycle NONE = new Lifecycle(null, null, null);
}
