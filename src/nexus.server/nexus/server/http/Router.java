package nexus.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route for a method and a decoded path. Among the templates that match the path and serve the
 * method, the most specific wins ({@code POST /workspaces/create} over a workspace named "create"); when some
 * template matches the path but none serves the method, the answer is 405 with the methods that would work.
 * HEAD is served by the GET route (the dispatcher then sends the answer's headers without its body).
 */
public final class Router {
    static final String HEAD = "HEAD";
    private final List<Route> routes;

    public Router(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> -r.path().literals()));
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                Route a = sorted.get(i);
                Route b = sorted.get(j);
                if (a.method().equals(b.method()) && a.path().text().equals(b.path().text())) {
                    throw new IllegalArgumentException("route " + a.method() + " " + a.path() + " is declared twice");
                }
            }
        }
        this.routes = List.copyOf(sorted);
    }

    public List<Route> routes() {
        return routes;
    }

    /** The outcome of routing one request. */
    public sealed interface Match {}

    public record Found(Route route, Map<String, String> parameters) implements Match {}

    public record NotFound() implements Match {}

    public record MethodNotAllowed(List<String> allowed) implements Match {}

    public Match match(String method, List<String> segments) {
        String served = method.equals(HEAD) ? "GET" : method;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = r.path().match(segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(served)) {
                return new Found(r, params);
            }
            allowed.add(r.method());
            if (r.method().equals("GET")) {
                allowed.add(HEAD);
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(List.copyOf(allowed));
    }
}
