package nexus.testkit.github;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * The fake GitHub's endpoints beyond {@code GET /user}, answered as GitHub's REST API does:
 * <ul>
 * <li>{@code GET /user/keys}, {@code POST /user/keys {title, key}} (201; a key in use anywhere → 422
 *     "key is already in use", as GitHub answers);</li>
 * <li>{@code GET /repos/{owner}/{repo}} (404 for a private repository the caller cannot see), with
 *     {@code permissions} for the caller; {@code POST /repos/{owner}/{repo}/forks} (202 with the fork; the existing
 *     fork, unchanged, when there is one);</li>
 * <li>GitHub's device login ({@code POST /login/device/code}, {@code POST /login/oauth/access_token}), approved as
 *     {@link GitHubState#approveDeviceLoginAs} says, denied otherwise;</li>
 * <li>{@code POST /_testkit/gh-calls {args}}: not GitHub's — where the fake {@code gh} records each invocation.</li>
 * </ul>
 */
final class GitHubRoutes {
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");
    private static final Pattern FORKS = Pattern.compile("/repos/([^/]+)/([^/]+)/forks");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** device_code → nothing yet; the approval is decided when the code is redeemed. */
    private static final Map<String, Boolean> DEVICE_CODES = new ConcurrentHashMap<>();

    private GitHubRoutes() {}

    /** The reply, or null when no route matches (the caller answers 404). */
    static FakeGitHub.Reply route(GitHubState state, String method, String path, Optional<GitHubUser> caller, byte[] body) {
        if (path.equals("/_testkit/gh-calls") && method.equals("POST")) {
            state.recordGhCall(parse(body).strings("args"));
            return new FakeGitHub.Reply(204, JsonObject.empty());
        }
        if (path.equals("/login/device/code") && method.equals("POST")) {
            String code = "dc_" + Long.toHexString(RANDOM.nextLong());
            DEVICE_CODES.put(code, true);
            return new FakeGitHub.Reply(200, JsonObject.builder().put("device_code", code)
                    .put("user_code", String.format("%04X-%04X", RANDOM.nextInt(0x10000), RANDOM.nextInt(0x10000)))
                    .put("verification_uri", "https://github.com/login/device").put("expires_in", 899L).put("interval", 0L).build());
        }
        if (path.equals("/login/oauth/access_token") && method.equals("POST")) {
            String code = parse(body).optString("device_code");
            if (code == null || DEVICE_CODES.remove(code) == null) {
                return new FakeGitHub.Reply(200, JsonObject.builder().put("error", "expired_token").build());
            }
            String login = state.deviceLoginAs();
            if (login == null) {
                return new FakeGitHub.Reply(200, JsonObject.builder().put("error", "access_denied")
                        .put("error_description", "The authorization request was denied.").build());
            }
            return new FakeGitHub.Reply(200, JsonObject.builder().put("access_token", state.issueToken(login))
                    .put("token_type", "bearer").put("scope", "admin:public_key,gist,read:org,repo").build());
        }
        if (path.equals("/user/keys")) {
            if (caller.isEmpty()) {
                return FakeGitHub.error(401, "Requires authentication", FakeGitHub.DOCS);
            }
            if (method.equals("GET")) {
                List<JsonValue> keys = new ArrayList<>();
                state.sshKeys(caller.get().login()).forEach(k -> keys.add(keyJson(k)));
                return new FakeGitHub.Reply(200, JsonArray.ofValues(keys));
            }
            if (method.equals("POST")) {
                JsonObject in = parse(body);
                return state.addSshKey(caller.get().login(), in.string("title", ""), in.string("key"))
                        .map(k -> new FakeGitHub.Reply(201, keyJson(k)))
                        .orElseGet(() -> new FakeGitHub.Reply(422, JsonObject.builder().put("message", "Validation Failed")
                                .put("errors", JsonArray.ofValues(List.of(JsonObject.builder().put("resource", "PublicKey")
                                        .put("code", "custom").put("field", "key").put("message", "key is already in use").build())))
                                .put("documentation_url", FakeGitHub.DOCS + "/users/keys#create-a-public-ssh-key-for-the-authenticated-user")
                                .build()));
            }
        }
        Matcher forks = FORKS.matcher(path);
        if (forks.matches() && method.equals("POST")) {
            if (caller.isEmpty()) {
                return FakeGitHub.error(401, "Requires authentication", FakeGitHub.DOCS);
            }
            Optional<GitHubRepo> upstream = visible(state, forks.group(1) + "/" + forks.group(2), caller);
            if (upstream.isEmpty()) {
                return FakeGitHub.error(404, "Not Found", FakeGitHub.DOCS);
            }
            GitHubRepo fork = state.fork(upstream.get().fullName(), caller.get().login());
            return new FakeGitHub.Reply(202, repoJson(state, fork, caller));
        }
        Matcher repo = REPO.matcher(path);
        if (repo.matches() && method.equals("GET")) {
            return visible(state, repo.group(1) + "/" + repo.group(2), caller)
                    .map(r -> new FakeGitHub.Reply(200, repoJson(state, r, caller)))
                    .orElseGet(() -> FakeGitHub.error(404, "Not Found", FakeGitHub.DOCS + "/repos/repos#get-a-repository"));
        }
        return null;
    }

    private static Optional<GitHubRepo> visible(GitHubState state, String fullName, Optional<GitHubUser> caller) {
        return state.repo(fullName).filter(r -> r.permissionOf(caller.map(GitHubUser::login).orElse(null)) != null);
    }

    private static JsonObject keyJson(GitHubSshKey k) {
        return JsonObject.builder().put("id", k.id()).put("key", k.key()).put("title", k.title())
                .put("url", "https://api.github.com/user/keys/" + k.id()).put("created_at", k.createdAt())
                .put("verified", true).put("read_only", false).build();
    }

    static JsonObject repoJson(GitHubState state, GitHubRepo r, Optional<GitHubUser> caller) {
        String permission = r.permissionOf(caller.map(GitHubUser::login).orElse(null));
        List<String> order = List.of("pull", "triage", "push", "maintain", "admin");
        int level = order.indexOf(permission);
        long ownerId = state.user(r.owner()).map(GitHubUser::id).orElse(1L);
        JsonObject.Builder b = JsonObject.builder()
                .put("id", r.id())
                .put("name", r.name())
                .put("full_name", r.fullName())
                .put("owner", JsonObject.builder().put("login", r.owner()).put("id", ownerId).put("type", "User").build())
                .put("private", r.isPrivate())
                .put("fork", r.parent() != null)
                .put("html_url", "https://github.com/" + r.fullName())
                .put("clone_url", "https://github.com/" + r.fullName() + ".git")
                .put("ssh_url", "git@github.com:" + r.fullName() + ".git")
                .put("default_branch", r.defaultBranch())
                .put("created_at", r.createdAt())
                .put("permissions", JsonObject.builder().put("admin", level >= 4).put("maintain", level >= 3)
                        .put("push", level >= 2).put("triage", level >= 1).put("pull", level >= 0).build());
        if (r.parent() != null) {
            state.repo(r.parent()).ifPresent(p -> b.put("parent", repoJson(state, p, caller)));
        }
        return b.build();
    }

    private static JsonObject parse(byte[] body) {
        try {
            return JsonCodec.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return JsonObject.empty();
        }
    }
}
