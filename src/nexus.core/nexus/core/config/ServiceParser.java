package nexus.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nexus.core.id.Names;
import nexus.core.util.Durations;
import nexus.core.util.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads one entry of {@code services}: its fields, its health check and their defaults. */
final class ServiceParser {
    /** Safe as a log file name and, upper-cased with '-' as '_', as part of an environment variable name. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    static final int SSH_PORT = 22;
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private static final Keys KEYS = Keys.of("command", "port", "depends_on", "env", "health_check", "restart", "workdir")
            .withAlias("environment", "env")
            .withAlias("healthcheck", "health_check");
    private static final Keys CHECK_KEYS = Keys.of("type", "path", "command", "timeout", "interval");

    /** A parsed service with the nodes that cross-service rules point at. */
    record Parsed(ServiceConfig config, String path, Node nameNode, Node portNode, List<Node> dependencyNodes) {}

    private final NodeReader reader;

    ServiceParser(NodeReader reader) {
        this.reader = reader;
    }

    /** The service, with whatever could be read; problems go to the reader. */
    Parsed parse(NodeReader.Entry entry, String servicesPath) {
        String name = entry.key();
        String path = NodeReader.child(servicesPath, name);
        checkName(entry.keyNode(), path, name);
        NodeReader.Fields f = reader.fields(entry.value(), path, KEYS);
        if (f == null) {
            return null;
        }
        String command = reader.string(f.get("command"), f.path("command"));
        if (!f.present("command")) {
            reader.problems().add(entry.keyNode(), path, "service " + Names.printable(name) + " has no command; add "
                    + "e.g. command: npm start");
        } else if (command != null && command.isBlank()) {
            reader.problems().add(f.get("command"), f.path("command"), "command is empty");
        }
        Integer port = reader.integer(f.get("port"), f.path("port"), 1, 65535);
        if (port != null && port == SSH_PORT) {
            reader.problems().add(f.get("port"), f.path("port"), "port 22 is reserved for the workspace's SSH server; "
                    + "choose another port");
        }
        List<Node> dependencyNodes = new ArrayList<>();
        List<String> dependsOn = dependencies(f, dependencyNodes);
        Map<String, String> env = EnvParser.parse(reader, f.get("env"), f.path("env"));
        HealthCheck check = healthCheck(f);
        RestartPolicy restart = restart(f.get("restart"), f.path("restart"));
        String workdir = workdir(f.get("workdir"), f.path("workdir"));
        ServiceConfig config = new ServiceConfig(name, command, port, dependsOn, env, check, restart, workdir);
        return new Parsed(config, path, entry.keyNode(), f.get("port"), dependencyNodes);
    }

    private void checkName(Node at, String path, String name) {
        if (NAME.matcher(name).matches()) {
            return;
        }
        String fixed = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-").replaceAll("^[^a-z]+", "");
        reader.problems().add(at, path, "service name \"" + Names.printable(name) + "\" must start with a lowercase "
                        + "letter and use only a-z, 0-9, '-' and '_' (at most 63 characters)",
                NAME.matcher(fixed).matches() ? fixed : null);
    }

    private List<String> dependencies(NodeReader.Fields f, List<Node> nodes) {
        List<String> names = new ArrayList<>();
        List<Node> items = reader.listOrScalar(f.get("depends_on"), f.path("depends_on"));
        if (items == null) {
            return names;
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = f.path("depends_on") + "[" + i + "]";
            String dep = reader.string(items.get(i), itemPath);
            if (dep == null) {
                continue;
            }
            if (names.contains(dep)) {
                reader.problems().add(items.get(i), itemPath, "\"" + Names.printable(dep) + "\" is listed twice");
                continue;
            }
            names.add(dep);
            nodes.add(items.get(i));
        }
        return names;
    }

    /**
     * The health check: given as a mapping, or as just its type ({@code health_check: none}). Without a type it
     * is inferred: http when a path is given, exec when a command is, else tcp for a service with a port and
     * none for one without.
     */
    private HealthCheck healthCheck(NodeReader.Fields service) {
        Node node = service.get("health_check");
        String path = service.path("health_check");
        boolean hasPort = service.present("port");
        HealthCheck.Type defaultType = hasPort ? HealthCheck.Type.TCP : HealthCheck.Type.NONE;
        if (node == null) {
            return new HealthCheck(defaultType, null, null, HealthCheck.DEFAULT_TIMEOUT, HealthCheck.DEFAULT_INTERVAL);
        }
        if (node instanceof ScalarNode) {
            HealthCheck.Type type = checkType(node, path);
            return type == null ? null : validated(type, null, null, HealthCheck.DEFAULT_TIMEOUT,
                    HealthCheck.DEFAULT_INTERVAL, hasPort, node, path);
        }
        NodeReader.Fields f = reader.fields(node, path, CHECK_KEYS);
        if (f == null) {
            return null;
        }
        String checkPath = reader.string(f.get("path"), f.path("path"));
        if (checkPath != null && (!checkPath.startsWith("/") || checkPath.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
            reader.problems().add(f.get("path"), f.path("path"), "\"" + Names.printable(checkPath) + "\" must start "
                    + "with '/' and contain no spaces or control characters (e.g. /healthz)");
        }
        String command = reader.string(f.get("command"), f.path("command"));
        HealthCheck.Type type;
        if (f.present("type")) {
            type = checkType(f.get("type"), f.path("type"));
        } else if (f.present("path")) {
            type = HealthCheck.Type.HTTP;
        } else if (f.present("command")) {
            type = HealthCheck.Type.EXEC;
        } else {
            type = defaultType;
        }
        Duration timeout = positive(f, "timeout", HealthCheck.DEFAULT_TIMEOUT, MAX_TIMEOUT);
        Duration interval = positive(f, "interval", HealthCheck.DEFAULT_INTERVAL, MAX_TIMEOUT);
        if (timeout != null && interval != null && interval.compareTo(timeout) > 0) {
            reader.problems().add(f.get("interval"), f.path("interval"), "interval " + Durations.formatExact(interval)
                    + " is longer than timeout " + Durations.formatExact(timeout) + ": the check could never run twice");
        }
        if (type == null) {
            return null;
        }
        if (f.present("path") && type != HealthCheck.Type.HTTP) {
            reader.problems().add(f.get("path"), f.path("path"), "path applies only to http checks, this one is "
                    + type.name().toLowerCase(Locale.ROOT));
        }
        if (f.present("command") && type != HealthCheck.Type.EXEC) {
            reader.problems().add(f.get("command"), f.path("command"), "command applies only to exec checks, this "
                    + "one is " + type.name().toLowerCase(Locale.ROOT));
        }
        HealthCheck check = validated(type, type == HealthCheck.Type.HTTP ? checkPath : null,
                type == HealthCheck.Type.EXEC ? command : null, timeout, interval, hasPort, node, path);
        return timeout == null || interval == null ? null : check;
    }

    private HealthCheck validated(HealthCheck.Type type, String checkPath, String command, Duration timeout,
                                  Duration interval, boolean hasPort, Node at, String path) {
        if ((type == HealthCheck.Type.HTTP || type == HealthCheck.Type.TCP) && !hasPort) {
            reader.problems().add(at, path, "a" + (type == HealthCheck.Type.HTTP ? "n http" : " tcp") + " health "
                    + "check needs the service's port: add port: <number> to the service");
        }
        if (type == HealthCheck.Type.HTTP && checkPath == null) {
            checkPath = "/";
        }
        if (type == HealthCheck.Type.EXEC && (command == null || command.isBlank())) {
            reader.problems().add(at, path, "an exec health check needs a command, e.g. command: pg_isready");
        }
        return new HealthCheck(type, checkPath, command, timeout, interval);
    }

    private HealthCheck.Type checkType(Node node, String path) {
        String text = reader.string(node, path);
        if (text == null) {
            return null;
        }
        for (HealthCheck.Type t : HealthCheck.Type.values()) {
            if (t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        List<String> names = Arrays.stream(HealthCheck.Type.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
        reader.problems().add(node, path, "unknown health check type \"" + Names.printable(text) + "\"; use one of "
                + String.join(", ", names), Suggestions.closest(text, names).orElse(null));
        return null;
    }

    private Duration positive(NodeReader.Fields f, String key, Duration fallback, Duration max) {
        if (!f.present(key)) {
            return fallback;
        }
        Duration d = reader.duration(f.get(key), f.path(key));
        if (d != null && (d.isZero() || d.compareTo(max) > 0)) {
            reader.problems().add(f.get(key), f.path(key), key + " must be more than 0 and at most "
                    + Durations.formatExact(max));
            return null;
        }
        return d;
    }

    private RestartPolicy restart(Node node, String path) {
        String text = reader.string(node, path);
        if (node == null || text == null) {
            return RestartPolicy.ON_FAILURE;
        }
        RestartPolicy policy = RestartPolicy.parse(text);
        if (policy == null) {
            List<String> names = Arrays.stream(RestartPolicy.values()).map(RestartPolicy::yamlName).toList();
            reader.problems().add(node, path, "unknown restart policy \"" + Names.printable(text) + "\"; use one of "
                    + String.join(", ", names), Suggestions.closest(text, names).orElse(null));
            return RestartPolicy.ON_FAILURE;
        }
        return policy;
    }

    /** A directory relative to the workspace that cannot climb out of it. */
    private String workdir(Node node, String path) {
        String dir = reader.string(node, path);
        if (dir == null) {
            return null;
        }
        boolean climbs = Arrays.asList(dir.split("/")).contains("..");
        if (dir.isBlank() || dir.startsWith("/") || dir.startsWith("-") || climbs
                || dir.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            reader.problems().add(node, path, "workdir \"" + Names.printable(dir) + "\" must be a directory inside the "
                    + "repository, relative to it (e.g. frontend or services/api), without '..'");
            return null;
        }
        return dir;
    }
}
