package nexus.server.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests by route template, method and status, and a latency histogram per route, in the shape
 * Prometheus expects ({@code _bucket} counts are cumulative, {@code le} in seconds).
 */
public final class RequestMetrics {
    /** Upper bounds in seconds: sub-millisecond reads up to long-polls that wait a minute. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private record Key(String route, String method, int status) {}

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder total = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            total.increment();
            sumNanos.add(nanos);
        }
    }

    private final ConcurrentHashMap<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> latency = new ConcurrentHashMap<>();
    private final LongAdder inFlight = new LongAdder();

    /** A request started (long-polls count while they wait). */
    public void started() {
        inFlight.increment();
    }

    /** A request was answered. */
    public void record(String route, String method, int status, long nanos) {
        inFlight.decrement();
        requests.computeIfAbsent(new Key(route, method, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, r -> new Histogram()).observe(nanos);
    }

    /** Appends the request metrics in Prometheus text format 0.0.4. */
    void render(StringBuilder out) {
        out.append("# HELP nexus_http_requests_in_flight Requests being answered now (this scrape and waiting long-polls included).\n");
        out.append("# TYPE nexus_http_requests_in_flight gauge\n");
        out.append("nexus_http_requests_in_flight ").append(inFlight.sum()).append('\n');
        out.append("# HELP nexus_http_requests_total HTTP requests answered, by route template, method and status.\n");
        out.append("# TYPE nexus_http_requests_total counter\n");
        Map<String, Long> lines = new TreeMap<>();
        requests.forEach((k, v) -> lines.put("nexus_http_requests_total{route=\"" + PrometheusText.escape(k.route())
                + "\",method=\"" + k.method() + "\",status=\"" + k.status() + "\"}", v.sum()));
        lines.forEach((name, v) -> out.append(name).append(' ').append(v).append('\n'));

        out.append("# HELP nexus_http_request_duration_seconds Time from reading a request to answering it, by route template.\n");
        out.append("# TYPE nexus_http_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> {
            String r = PrometheusText.escape(route);
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += h.counts[i].sum();
                out.append("nexus_http_request_duration_seconds_bucket{route=\"").append(r).append("\",le=\"")
                        .append(PrometheusText.number(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            long total = h.total.sum();
            out.append("nexus_http_request_duration_seconds_bucket{route=\"").append(r).append("\",le=\"+Inf\"} ").append(total).append('\n');
            out.append("nexus_http_request_duration_seconds_sum{route=\"").append(r).append("\"} ")
                    .append(PrometheusText.number(h.sumNanos.sum() / 1e9)).append('\n');
            out.append("nexus_http_request_duration_seconds_count{route=\"").append(r).append("\"} ").append(total).append('\n');
        });
    }
}
