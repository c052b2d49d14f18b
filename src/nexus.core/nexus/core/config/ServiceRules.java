package nexus.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nexus.core.id.Names;
import nexus.core.util.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Rules that concern services together: unique ports, {@code depends_on} naming services that exist, no
 * dependency cycle, and no two services sharing a {@code NEXUS_SERVICE_<NAME>_URL} variable.
 */
final class ServiceRules {
    private ServiceRules() {}

    static void check(List<ServiceParser.Parsed> services, Problems problems) {
        Map<String, ServiceParser.Parsed> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.config().name(), s));
        Map<Integer, String> portOwners = new HashMap<>();
        Map<String, String> urlVariables = new HashMap<>();
        for (ServiceParser.Parsed s : services) {
            ServiceConfig c = s.config();
            if (c.port() != null && c.port() != ServiceParser.SSH_PORT) {   // 22 is reported on its own
                String owner = portOwners.putIfAbsent(c.port(), c.name());
                if (owner != null) {
                    problems.add(s.portNode(), s.path() + ".port", "port " + c.port() + " is already used by service "
                            + owner + "; each service needs its own port");
                }
            }
            String other = urlVariables.putIfAbsent(c.urlVariable(), c.name());
            if (other != null) {
                problems.add(s.nameNode(), s.path(), "services " + other + " and " + Names.printable(c.name())
                        + " would both be announced as " + c.urlVariable() + "; rename one");
            }
            for (int i = 0; i < c.dependsOn().size(); i++) {
                String dep = c.dependsOn().get(i);
                if (!byName.containsKey(dep)) {
                    problems.add(s.dependencyNodes().get(i), s.path() + ".depends_on[" + i + "]", "unknown service \""
                                    + Names.printable(dep) + "\"; services here: " + String.join(", ", byName.keySet()),
                            Suggestions.closest(dep, byName.keySet()).orElse(null));
                }
            }
        }
        Map<String, ServiceConfig> configs = new LinkedHashMap<>();
        byName.forEach((name, s) -> configs.put(name, s.config()));
        List<String> cycle = ServiceOrder.findCycle(configs);
        if (!cycle.isEmpty()) {
            ServiceParser.Parsed first = byName.get(cycle.getFirst());
            Node at = first.dependencyNodes().get(first.config().dependsOn().indexOf(cycle.get(1)));
            problems.add(at, first.path() + ".depends_on", "dependency cycle: " + String.join(" -> ", cycle)
                    + "; services start after what they depend on, so one of these must not depend on the next");
        }
    }
}
