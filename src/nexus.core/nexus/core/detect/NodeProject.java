package nexus.core.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.config.HealthCheck;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;

/**
 * A Node.js project ({@code package.json}): dependencies installed with {@code npm ci} when a lockfile pins them,
 * else {@code npm install}; service {@code web} runs {@code npm run dev} if there is a dev script, else
 * {@code npm start} if there is a start script or a {@code server.js} (npm's default start). The port is 3000
 * unless the script names one ({@code --port 4000}, {@code -p 4000}, {@code PORT=4000}) or uses a dev server
 * with another default (vite 5173, …). Nexus sets {@code PORT} to that port for the service anyway.
 */
final class NodeProject {
    static final int DEFAULT_PORT = 3000;

    /**
     * Dev servers whose default port is not 3000. {@code hostArgs}: what makes one that listens only on
     * localhost by default reachable from outside the container (null when it already listens on all addresses).
     */
    private record DevServer(Pattern start, int port, String hostArgs) {}

    private static final String ENV_PREFIX = "^(?:[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*";
    private static final List<DevServer> DEV_SERVERS = List.of(
            new DevServer(Pattern.compile(ENV_PREFIX + "vite(?:\\s|$)"), 5173, "--host 0.0.0.0"),
            new DevServer(Pattern.compile(ENV_PREFIX + "astro\\s+dev\\b"), 4321, "--host 0.0.0.0"),
            new DevServer(Pattern.compile(ENV_PREFIX + "ng\\s+serve\\b"), 4200, "--host 0.0.0.0"),
            new DevServer(Pattern.compile(ENV_PREFIX + "gatsby\\s+develop\\b"), 8000, "-H 0.0.0.0"),
            new DevServer(Pattern.compile(ENV_PREFIX + "vue-cli-service\\s+serve\\b"), 8080, null),
            new DevServer(Pattern.compile(ENV_PREFIX + "webpack(?:-dev-server|\\s+serve)\\b"), 8080, null),
            new DevServer(Pattern.compile(ENV_PREFIX + "parcel\\b"), 1234, null));
    private static final Pattern EXPLICIT_PORT = Pattern.compile("(?:--port[= ]|-p[= ]?|\\bPORT=)(\\d{2,5})\\b");
    private static final Pattern SHELL_OPERATOR = Pattern.compile("[;&|\\n]");

    private NodeProject() {}

    static Optional<Detection> detect(Path repoDir) {
        if (!ProjectFiles.isFile(repoDir, "package.json")) {
            return Optional.empty();
        }
        boolean locked = ProjectFiles.isFile(repoDir, "package-lock.json")
                || ProjectFiles.isFile(repoDir, "npm-shrinkwrap.json");
        List<String> setup = List.of(locked ? "npm ci" : "npm install");
        Map<String, String> scripts;
        try {
            JsonObject manifest = JsonCodec.parseObject(ProjectFiles.text(repoDir, "package.json").orElse(""));
            scripts = manifest.has("scripts") ? manifest.stringMap("scripts") : Map.of();
        } catch (JsonException e) {
            return Optional.of(new Detection("Node.js project (package.json, not valid JSON)", setup, null));
        }
        String command;
        String script;
        if (scripts.containsKey("dev")) {
            command = "npm run dev";
            script = scripts.get("dev");
        } else if (scripts.containsKey("start")) {
            command = "npm start";
            script = scripts.get("start");
        } else if (ProjectFiles.isFile(repoDir, "server.js")) {
            command = "npm start";
            script = "node server.js";
        } else {
            return Optional.of(new Detection("Node.js project (package.json, no dev or start script)", setup, null));
        }
        Optional<DevServer> server = DEV_SERVERS.stream().filter(d -> d.start().matcher(script).find()).findFirst();
        int port = explicitPort(script).or(() -> server.map(DevServer::port)).orElse(DEFAULT_PORT);
        if (server.isPresent() && server.get().hostArgs() != null && !script.contains("--host")
                && !script.contains("-H ") && !SHELL_OPERATOR.matcher(script).find()) {
            command += " -- " + server.get().hostArgs();   // npm passes what follows "--" to the script
        }
        return Optional.of(new Detection("Node.js project (package.json)", setup,
                Detection.web(command, port, Map.of(), HealthCheck.tcp())));
    }

    private static Optional<Integer> explicitPort(String script) {
        Matcher m = EXPLICIT_PORT.matcher(script);
        if (m.find()) {
            int port = Integer.parseInt(m.group(1));
            if (port >= 1 && port <= 65535 && port != 22) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }
}
