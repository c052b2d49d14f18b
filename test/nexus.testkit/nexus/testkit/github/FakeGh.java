package nexus.testkit.github;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * The fake {@code gh} executable (its launcher is written by {@link FakeGitHub#installGh}): the subcommands Nexus
 * uses, answered like gh 2.x — same stdout formats, stderr messages and exit codes — against a {@link FakeGitHub}
 * instead of github.com. Its login lives where gh keeps it ({@code $GH_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/gh}, else {@code ~/.config/gh}, file {@code hosts.yml}); {@code GH_TOKEN} overrides it as
 * in gh. Every invocation is recorded in the fake's state ({@link GitHubState#ghCalls()}).
 *
 * <p>Supported: {@code auth status|login|token|logout}, {@code api <path>}, {@code ssh-key list|add},
 * {@code repo view [--json fields]}, {@code repo fork [--clone=false]}, {@code --version}.
 */
public final class FakeGh {
    private static final String NOT_LOGGED_IN = "To get started with GitHub CLI, please run:  gh auth login\n"
            + "Alternatively, populate the GH_TOKEN environment variable with a GitHub API authentication token.\n";
    /** gh's --json fields of `repo view` that this fake knows. */
    private static final Set<String> REPO_FIELDS = Set.of("name", "owner", "url", "sshUrl", "isPrivate", "isFork",
            "viewerPermission", "defaultBranchRef", "parent", "nameWithOwner", "id");

    private final String api;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final HttpClient http;

    private FakeGh(String api, Map<String, String> env, PrintStream out, PrintStream err, HttpClient http) {
        this.api = api;
        this.env = env;
        this.out = out;
        this.err = err;
        this.http = http;
    }

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals("--api")) {
            System.err.println("fake gh: the launcher must pass --api URL first");
            System.exit(2);
        }
        int code;
        try (HttpClient http = HttpClient.newHttpClient()) {
            FakeGh gh = new FakeGh(args[1], System.getenv(), System.out, System.err, http);
            List<String> rest = List.of(args).subList(2, args.length);
            gh.post("/_testkit/gh-calls", null, JsonObject.builder().putStrings("args", rest).build());
            code = gh.run(rest);
        }
        System.out.flush();
        System.exit(code);
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.getFirst().equals("--version")) {
            out.println("gh version 2.23.0 (fake gh of the nexus testkit)");
            return 0;
        }
        String cmd = args.getFirst() + (args.size() > 1 ? " " + args.get(1) : "");
        List<String> rest = args.subList(Math.min(2, args.size()), args.size());
        return switch (cmd) {
            case "auth status" -> authStatus();
            case "auth login" -> authLogin(Flags.parse(rest));
            case "auth token" -> authToken();
            case "auth logout" -> authLogout();
            case "ssh-key list", "ssh-key ls" -> sshKeyList();
            case "ssh-key add" -> sshKeyAdd(Flags.parse(rest));
            case "repo view" -> repoView(Flags.parse(rest));
            case "repo fork" -> repoFork(Flags.parse(rest));
            default -> args.getFirst().equals("api") && args.size() >= 2 ? api(args.get(1)) : unknown(args.getFirst());
        };
    }

    private int unknown(String word) {
        err.println("unknown command \"" + word + "\" for \"gh\"");
        return 1;
    }

    // ---- auth

    private Path configDir() {
        if (env.get("GH_CONFIG_DIR") != null) {
            return Path.of(env.get("GH_CONFIG_DIR"));
        }
        if (env.get("XDG_CONFIG_HOME") != null) {
            return Path.of(env.get("XDG_CONFIG_HOME"), "gh");
        }
        return Path.of(env.getOrDefault("HOME", "/"), ".config", "gh");
    }

    private Path hostsFile() {
        return configDir().resolve("hosts.yml");
    }

    /** The token gh would use: GH_TOKEN, GITHUB_TOKEN, then hosts.yml; null when logged out. */
    private String token() {
        for (String v : List.of("GH_TOKEN", "GITHUB_TOKEN")) {
            if (env.get(v) != null && !env.get(v).isEmpty()) {
                return env.get(v);
            }
        }
        try {
            for (String line : Files.readAllLines(hostsFile())) {
                String t = line.strip();
                if (t.startsWith("oauth_token:")) {
                    return t.substring("oauth_token:".length()).strip();
                }
            }
        } catch (IOException e) {
            // no hosts.yml: not logged in
        }
        return null;
    }

    private int authStatus() {
        String token = token();
        if (token == null) {
            err.println("You are not logged into any GitHub hosts. Run gh auth login to authenticate.");
            return 1;
        }
        Response r = get("/user", token);
        err.println("github.com");
        if (r.status() != 200) {
            err.println("  X github.com: authentication failed");
            err.println("  - The github.com token in " + hostsFile() + " is no longer valid.");
            err.println("  - To re-authenticate, run: gh auth login -h github.com");
            err.println("  - To forget about this host, run: gh auth logout -h github.com");
            return 1;
        }
        err.println("  ✓ Logged in to github.com as " + ((JsonObject) r.body()).string("login") + " (" + hostsFile() + ")");
        err.println("  ✓ Git operations for github.com configured to use https protocol.");
        err.println("  ✓ Token: " + token.substring(0, 4) + "*".repeat(token.length() - 4));
        return 0;
    }

    private int authLogin(Flags flags) {
        if (!flags.has("web") && !flags.has("with-token")) {
            err.println("--web or --with-token required when not running interactively");
            return 1;
        }
        JsonObject code = (JsonObject) post("/login/device/code", null, JsonObject.builder().put("client_id", "fake")
                .put("scope", flags.value("scopes")).build()).body();
        err.println("! First copy your one-time code: " + code.string("user_code"));
        err.println("Open this URL to continue in your web browser: " + code.string("verification_uri"));
        JsonObject answer = (JsonObject) post("/login/oauth/access_token", null, JsonObject.builder()
                .put("device_code", code.string("device_code")).build()).body();
        if (answer.optString("access_token") == null) {
            err.println("error: " + answer.string("error_description", answer.string("error", "login failed")));
            return 1;
        }
        String token = answer.string("access_token");
        String login = ((JsonObject) get("/user", token).body()).string("login");
        try {
            Files.createDirectories(configDir());
            Files.writeString(hostsFile(), "github.com:\n    oauth_token: " + token + "\n    user: " + login
                    + "\n    git_protocol: " + flags.value("git-protocol", "https") + "\n");
        } catch (IOException e) {
            err.println("failed to write " + hostsFile() + ": " + e.getMessage());
            return 1;
        }
        err.println("✓ Authentication complete.");
        err.println("- gh config set -h github.com git_protocol " + flags.value("git-protocol", "https"));
        err.println("✓ Configured git protocol");
        err.println("✓ Logged in as " + login);
        return 0;
    }

    private int authToken() {
        String token = token();
        if (token == null) {
            err.println("no oauth token");
            return 1;
        }
        out.println(token);
        return 0;
    }

    private int authLogout() {
        try {
            if (!Files.deleteIfExists(hostsFile())) {
                err.println("not logged in to any hosts");
                return 1;
            }
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        err.println("✓ Logged out of github.com");
        return 0;
    }

    // ---- api, ssh-key, repo

    private int api(String path) {
        String token = token();
        if (token == null) {
            err.print(NOT_LOGGED_IN);
            return 4;
        }
        Response r = get(path.startsWith("/") ? path : "/" + path, token);
        out.println(JsonCodec.write(r.body()));
        if (r.status() >= 400) {
            err.println("gh: " + ((JsonObject) r.body()).string("message", "error") + " (HTTP " + r.status() + ")");
            return 1;
        }
        return 0;
    }

    private int sshKeyList() {
        String token = token();
        if (token == null) {
            err.print(NOT_LOGGED_IN);
            return 4;
        }
        Response r = get("/user/keys", token);
        if (r.status() != 200) {
            return httpError(r);
        }
        List<JsonValue> keys = ((JsonArray) r.body()).elements();
        if (keys.isEmpty()) {
            err.println("No SSH keys present in GitHub account.");
            return 1;
        }
        for (JsonValue v : keys) {
            JsonObject k = (JsonObject) v;
            // gh 2.23 without a terminal: title, key, created (RFC 3339), tab-separated
            out.println(k.string("title") + "\t" + k.string("key") + "\t" + k.instant("created_at"));
        }
        return 0;
    }

    private int sshKeyAdd(Flags flags) {
        String token = token();
        if (token == null) {
            err.print(NOT_LOGGED_IN);
            return 4;
        }
        if (flags.positional().isEmpty()) {
            err.println("public key file missing");
            return 1;
        }
        String key;
        try {
            key = Files.readString(Path.of(flags.positional().getFirst()));
        } catch (IOException e) {
            err.println("open " + flags.positional().getFirst() + ": no such file or directory");
            return 1;
        }
        Response r = post("/user/keys", token, JsonObject.builder().put("title", flags.value("title", "")).put("key", key).build());
        if (r.status() == 422 && r.body().toString().contains("key is already in use")) {
            return 0; // gh treats a duplicate as success
        }
        return r.status() == 201 ? 0 : httpError(r);
    }

    private int repoView(Flags flags) {
        String token = token();
        if (token == null) {
            err.print(NOT_LOGGED_IN);
            return 4;
        }
        if (flags.positional().isEmpty()) {
            err.println("could not determine base repo: no git remotes found");
            return 1;
        }
        String repo = flags.positional().getFirst();
        List<String> fields = flags.value("json") == null ? List.of() : List.of(flags.value("json").split(","));
        for (String f : fields) {
            if (!REPO_FIELDS.contains(f)) {
                err.println("Unknown JSON field: \"" + f + "\"");
                return 1;
            }
        }
        Response r = get("/repos/" + repo, token);
        if (r.status() == 404) {
            err.println("GraphQL: Could not resolve to a Repository with the name '" + repo + "'. (repository)");
            return 1;
        }
        if (r.status() != 200) {
            return httpError(r);
        }
        JsonObject rest = (JsonObject) r.body();
        if (fields.isEmpty()) {
            out.println("name:\t" + rest.string("full_name"));
            out.println("description:\t");
            return 0;
        }
        JsonObject.Builder b = JsonObject.builder();
        for (String f : fields) {
            graphQlField(b, f, rest);
        }
        out.println(JsonCodec.write(b.build()));
        return 0;
    }

    /** One field of `gh repo view --json`, from the REST answer, in gh's (GraphQL) shape. */
    private static void graphQlField(JsonObject.Builder b, String f, JsonObject rest) {
        JsonObject owner = rest.object("owner");
        switch (f) {
            case "id" -> b.put("id", "R_" + rest.longValue("id"));
            case "name" -> b.put("name", rest.string("name"));
            case "nameWithOwner" -> b.put("nameWithOwner", rest.string("full_name"));
            case "owner" -> b.put("owner", JsonObject.builder().put("id", "U_" + owner.longValue("id")).put("login", owner.string("login")).build());
            case "url" -> b.put("url", rest.string("html_url"));
            case "sshUrl" -> b.put("sshUrl", rest.string("ssh_url"));
            case "isPrivate" -> b.put("isPrivate", rest.bool("private"));
            case "isFork" -> b.put("isFork", rest.bool("fork"));
            case "defaultBranchRef" -> b.put("defaultBranchRef", JsonObject.builder().put("name", rest.string("default_branch")).build());
            case "viewerPermission" -> {
                JsonObject p = rest.object("permissions");
                String perm = p.bool("admin") ? "ADMIN" : p.bool("maintain") ? "MAINTAIN" : p.bool("push") ? "WRITE"
                        : p.bool("triage") ? "TRIAGE" : p.bool("pull") ? "READ" : "";
                b.put("viewerPermission", perm);
            }
            case "parent" -> {
                JsonObject parent = rest.optObject("parent");
                if (parent == null) {
                    b.putNull("parent");
                } else {
                    JsonObject po = parent.object("owner");
                    b.put("parent", JsonObject.builder().put("id", "R_" + parent.longValue("id")).put("name", parent.string("name"))
                            .put("owner", JsonObject.builder().put("id", "U_" + po.longValue("id")).put("login", po.string("login")).build())
                            .build());
                }
            }
            default -> throw new IllegalStateException(f);
        }
    }

    private int repoFork(Flags flags) {
        String token = token();
        if (token == null) {
            err.print(NOT_LOGGED_IN);
            return 4;
        }
        if (flags.positional().isEmpty()) {
            err.println("a repository argument is required when not in a git repository");
            return 1;
        }
        String repo = flags.positional().getFirst();
        if (!"false".equals(flags.value("clone")) && flags.has("clone")) {
            err.println("the fake gh does not clone; pass --clone=false");
            return 1;
        }
        Response r = post("/repos/" + repo + "/forks", token, JsonObject.empty());
        if (r.status() == 404) {
            err.println("failed to fork: HTTP 404: Not Found (https://api.github.com/repos/" + repo + "/forks)");
            return 1;
        }
        if (r.status() != 202) {
            return httpError(r);
        }
        JsonObject fork = (JsonObject) r.body();
        if (fork.instant("created_at").isBefore(Instant.now().minusSeconds(60))) {
            err.print(fork.string("full_name") + " already exists"); // gh prints no newline here without a terminal
        }
        return 0;
    }

    private int httpError(Response r) {
        String message = r.body() instanceof JsonObject o ? o.string("message", "error") : "error";
        err.println("HTTP " + r.status() + ": " + message);
        return 1;
    }

    // ---- HTTP to the fake GitHub

    private record Response(int status, JsonValue body) {}

    private Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(api + path)).GET(), token);
    }

    private Response post(String path, String token, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonCodec.write(body))), token);
    }

    private Response send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "token " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body().isEmpty() ? JsonObject.empty() : JsonCodec.parse(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the fake gh cannot reach the fake GitHub at " + api, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** pflag-style flags: --name value, --name=value, -x value, "--" ends flags; the rest is positional. */
    record Flags(Map<String, String> values, List<String> positional) {
        private static final Set<String> BOOLEAN = Set.of("web", "with-token", "clone", "remote", "insecure-storage");

        static Flags parse(List<String> args) {
            Map<String, String> values = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--")) {
                    positional.addAll(args.subList(i + 1, args.size()));
                    break;
                }
                if (a.startsWith("--")) {
                    int eq = a.indexOf('=');
                    String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                    if (eq >= 0) {
                        values.put(name, a.substring(eq + 1));
                    } else if (BOOLEAN.contains(name)) {
                        values.put(name, "true");
                    } else if (i + 1 < args.size()) {
                        values.put(name, args.get(++i));
                    }
                } else if (a.startsWith("-") && a.length() == 2 && i + 1 < args.size()) {
                    values.put(switch (a) {
                        case "-t" -> "title";
                        case "-h" -> "hostname";
                        case "-s" -> "scopes";
                        case "-p" -> "git-protocol";
                        default -> a.substring(1);
                    }, args.get(++i));
                } else {
                    positional.add(a);
                }
            }
            return new Flags(values, positional);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name) {
            return values.get(name);
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }
    }
}
