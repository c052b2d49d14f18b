package nexus.server.metrics;

import java.util.Map;

/**
 * The {@code GET /metrics} body: request metrics plus gauges read from the store at scrape time (workspaces by
 * state, nodes by state), in Prometheus text exposition format 0.0.4.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /**
     * @param workspaces count per shown workspace state (every state listed, zeros included)
     * @param nodes      count per node state
     */
    public static String render(RequestMetrics requests, Map<String, Integer> workspaces, Map<String, Integer> nodes) {
        StringBuilder out = new StringBuilder(4096);
        requests.render(out);
        gauge(out, "nexus_workspaces", "Workspaces by state as users see it.", workspaces);
        gauge(out, "nexus_nodes", "Nodes by state.", nodes);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, Map<String, Integer> byState) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        byState.forEach((state, n) -> out.append(name).append("{state=\"").append(escape(state)).append("\"} ").append(n).append('\n'));
    }

    static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A float in Prometheus form without exponent noise for our bucket bounds. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
