package nexus.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nexus.core.id.Names;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads an {@code env} block: a mapping of variable names to scalar values, or the docker-compose style list of
 * {@code NAME=value} strings. Names must be valid shell variable names; {@code PORT} and {@code NEXUS_*} are
 * reserved because Nexus sets them for every service.
 */
final class EnvParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private EnvParser() {}

    static Map<String, String> parse(NodeReader reader, Node node, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq) {
            List<Node> items = seq.getValue();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String itemPath = path + "[" + i + "]";
                String item = reader.string(items.get(i), itemPath);
                if (item == null) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq < 0) {
                    reader.problems().add(items.get(i), itemPath, "expected NAME=value, got \""
                            + Names.printable(item) + "\"");
                    continue;
                }
                String name = item.substring(0, eq);
                if (seen.putIfAbsent(name, NodeReader.line(items.get(i))) != null) {
                    reader.problems().add(items.get(i), itemPath, name + " is already set at line " + seen.get(name));
                } else if (validName(reader, items.get(i), itemPath, name)) {
                    env.put(name, item.substring(eq + 1));
                }
            }
            return env;
        }
        List<NodeReader.Entry> entries = reader.entries(node, path);
        if (entries == null) {
            return env;
        }
        for (NodeReader.Entry e : entries) {
            String entryPath = NodeReader.child(path, e.key());
            if (!validName(reader, e.keyNode(), entryPath, e.key())) {
                continue;
            }
            if (NodeReader.isNull(e.value())) {
                reader.problems().add(e.keyNode(), entryPath, "has no value; write " + e.key()
                        + ": \"\" for an empty value");
                continue;
            }
            String value = reader.string(e.value(), entryPath);
            if (value != null) {
                env.put(e.key(), value);
            }
        }
        return env;
    }

    private static boolean validName(NodeReader reader, Node at, String path, String name) {
        if (!NAME.matcher(name).matches()) {
            reader.problems().add(at, path, "\"" + Names.printable(name) + "\" is not a valid variable name: use "
                    + "letters, digits and '_', not starting with a digit");
            return false;
        }
        if (name.equals("PORT") || name.startsWith("NEXUS_")) {
            reader.problems().add(at, path, name + " is set by Nexus for every service (PORT is the service's "
                    + "port, NEXUS_SERVICE_<NAME>_URL its URL); choose another name");
            return false;
        }
        return true;
    }
}
