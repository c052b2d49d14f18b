package nexus.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders services so that each comes after its dependencies; finds dependency cycles for validation. */
public final class ServiceOrder {
    private ServiceOrder() {}

    /** Declaration order, adjusted so dependencies come first. Assumes {@link #findCycle} found none. */
    public static List<ServiceConfig> startOrder(Map<String, ServiceConfig> services) {
        List<ServiceConfig> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String name : services.keySet()) {
            place(name, services, placed, new HashSet<>(), order);
        }
        return List.copyOf(order);
    }

    private static void place(String name, Map<String, ServiceConfig> services, Set<String> placed, Set<String> visiting,
                              List<ServiceConfig> order) {
        ServiceConfig s = services.get(name);
        if (s == null || placed.contains(name) || !visiting.add(name)) {
            return;
        }
        for (String dep : s.dependsOn()) {
            place(dep, services, placed, visiting, order);
        }
        placed.add(name);
        order.add(s);
    }

    /**
     * A dependency cycle as the list of service names along it, first name repeated at the end
     * (["api", "web", "api"]), or an empty list when there is none.
     */
    public static List<String> findCycle(Map<String, ServiceConfig> services) {
        Set<String> done = new HashSet<>();
        for (String start : services.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = walk(start, services, done, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> walk(String name, Map<String, ServiceConfig> services, Set<String> done, List<String> path) {
        int at = path.indexOf(name);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(name);
            return cycle;
        }
        ServiceConfig s = services.get(name);
        if (s == null || done.contains(name)) {
            return List.of();
        }
        path.add(name);
        for (String dep : s.dependsOn()) {
            List<String> cycle = walk(dep, services, done, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.removeLast();
        done.add(name);
        return List.of();
    }
}
