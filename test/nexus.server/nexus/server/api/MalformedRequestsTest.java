package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import nexus.core.json.JsonObject;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind — broken JSON, wrong types, huge bodies, odd characters in names, path traversal,
 * SQL metacharacters, option injection — is answered 4xx with the right code and field, the error body, a request
 * id, and never a stack trace.
 */
class MalformedRequestsTest {
    private static TestServer server;
    private static TestServer.User user;
    private static SimulatedAgent agent;

    enum Who { USER, ADMIN, NODE, NONE }

    record Case(String what, String method, String path, Who who, byte[] body, String contentType, int status, String code,
                String field) {
        @Override
        public String toString() {
            return what;
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        user = server.registerUser("fuzzy");
        agent = SimulatedAgent.register(server, "fuzz-node");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Case c(String what, String method, String path, Who who, String body, int status, String code, String field) {
        return new Case(what, method, path, who, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json",
                status, code, field);
    }

    private static Case create(String what, String body, String field) {
        return c(what, "POST", "/workspaces", Who.USER, body, 400, "invalid_request", field);
    }

    private static String ws(String name, String url) {
        return JsonObject.builder().put("name", name).put("repo", JsonObject.builder().put("url", url).build()).build().toString();
    }

    private static String wsWith(String key, String value) {
        return "{\"name\":\"okname\",\"repo\":{\"url\":\"/srv/ok\"},\"" + key + "\":" + value + "}";
    }

    static Stream<Case> cases() {
        String nested = "[".repeat(200) + "]".repeat(200);
        String nodeReg = "{\"name\":\"n\",\"advertise_host\":\"10.0.0.1\",\"drivers\":%s,\"capacity\":{\"cpus\":1,\"memory_mb\":1,"
                + "\"disk_mb\":1,\"max_workspaces\":1},\"ssh_ports\":%s,\"service_ports\":%s,\"version\":\"t\"}";
        return Stream.of(
                create("not JSON at all", "name=shop&repo=x", ""),
                create("truncated JSON", "{\"name\": \"shop\", ", ""),
                create("a JSON array instead of an object", "[]", ""),
                create("JSON null", "null", ""),
                create("empty body", "", ""),
                create("name is a number", "{\"name\":5,\"repo\":{\"url\":\"/srv/x\"}}", "name"),
                create("repo is a string", "{\"name\":\"a\",\"repo\":\"/srv/x\"}", "repo"),
                create("repo.url missing", "{\"name\":\"a\",\"repo\":{}}", "repo.url"),
                create("name and repo missing", "{}", "name"),
                create("path traversal in the name", ws("../../etc/passwd", "/srv/x"), "name"),
                create("SQL in the name", ws("x'; DROP TABLE workspaces;--", "/srv/x"), "name"),
                create("unicode in the name", ws("wörkspace", "/srv/x"), "name"),
                create("NUL in the name", ws("a\u0000b", "/srv/x"), "name"),
                create("newline in the name", ws("a\nb", "/srv/x"), "name"),
                create("RTL override in the name", ws("abc\u202edef", "/srv/x"), "name"),
                create("name of 64 characters", ws("a".repeat(64), "/srv/x"), "name"),
                create("empty name", ws("", "/srv/x"), "name"),
                create("name starting with '-'", ws("-rf", "/srv/x"), "name"),
                create("uppercase name", ws("Shop", "/srv/x"), "name"),
                create("name shaped like a workspace id", ws("ws-abcdefghijklmnopqrst", "/srv/x"), "name"),
                create("repo URL that is a git option", ws("okname", "--upload-pack=touch /tmp/pwned"), "repo.url"),
                create("git remote helper", ws("okname", "ext::sh -c touch% /tmp/pwned"), "repo.url"),
                create("plain http repo", ws("okname", "http://example.com/a/b.git"), "repo.url"),
                create("credentials in the repo URL", ws("okname", "https://user:secret@github.com/a/b"), "repo.url"),
                create("relative repo path", ws("okname", "../elsewhere"), "repo.url"),
                create("control character in the repo URL", ws("okname", "/srv/a\u0007b"), "repo.url"),
                create("branch that is an option", wsWith("x", "1").replace("\"url\":\"/srv/ok\"", "\"url\":\"/srv/ok\",\"branch\":\"--orphan\""), "repo.branch"),
                create("branch with ..", wsWith("x", "1").replace("\"url\":\"/srv/ok\"", "\"url\":\"/srv/ok\",\"branch\":\"a..b\""), "repo.branch"),
                create("shell in the image", wsWith("image", "\"$(rm -rf /)\""), "image"),
                create("shell in the provider", wsWith("provider", "\"lxc; rm -rf /\""), "provider"),
                create("provider is a list", wsWith("provider", "[\"lxc\"]"), "provider"),
                create("broken YAML config", wsWith("config", "\"services: [\""), "config"),
                create("clone token with a newline", wsWith("clone_token", "\"abc\\ndef\""), "clone_token"),
                create("JSON nested 200 deep", wsWith("image", nested), ""),
                create("JSON nested 2000 deep", wsWith("image", "[".repeat(2000) + "]".repeat(2000)), ""),
                create("NaN", wsWith("x", "NaN"), ""),
                create("duplicate keys", "{\"name\":\"a\",\"name\":\"b\",\"repo\":{\"url\":\"/srv/x\"}}", ""),
                create("trailing garbage", ws("okname", "/srv/x") + " trailing", ""),
                create("a 100-digit number", wsWith("x", "1" + "0".repeat(100)), ""),
                create("an exponent beyond range", wsWith("x", "1e-2147483648"), "x"),
                new Case("invalid UTF-8 in the body", "POST", "/workspaces", Who.USER,
                        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
                        "application/json", 400, "invalid_request", ""),
                new Case("a 2 MiB body", "POST", "/workspaces", Who.USER, new byte[2 << 20], "application/json", 413,
                        "payload_too_large", null),
                new Case("form-encoded body", "POST", "/workspaces", Who.USER, "name=a".getBytes(StandardCharsets.UTF_8),
                        "application/x-www-form-urlencoded", 415, "unsupported_media_type", null),
                c("encoded path traversal as workspace", "GET", "/workspaces/..%2F..%2Fetc%2Fpasswd", Who.USER, null, 400, "invalid_request", "ws"),
                c("NUL as workspace", "GET", "/workspaces/%00", Who.USER, null, 400, "invalid_request", "ws"),
                c("SQL as workspace", "GET", "/workspaces/x'%20OR%20'1'='1", Who.USER, null, 400, "invalid_request", "ws"),
                c("uppercase workspace id", "GET", "/workspaces/WS-AAAAAAAAAAAAAAAAAAAA", Who.USER, null, 400, "invalid_request", "ws"),
                c("unknown well-formed workspace", "GET", "/workspaces/nosuchworkspace", Who.USER, null, 404, "not_found", null),
                c("since is not a number", "GET", "/workspaces/x/events?since=abc", Who.USER, null, 400, "invalid_request", "since"),
                c("wait above the limit", "GET", "/workspaces/x/events?wait=61", Who.USER, null, 400, "invalid_request", "wait"),
                c("negative wait", "GET", "/workspaces/x/events?wait=-1", Who.USER, null, 400, "invalid_request", "wait"),
                c("limit in exponent form", "GET", "/workspaces?limit=1e9", Who.USER, null, 400, "invalid_request", "limit"),
                c("status with a quote", "GET", "/workspaces?status=%27", Who.USER, null, 400, "invalid_request", "status"),
                c("force as a string", "POST", "/workspaces/x/stop", Who.USER, "{\"force\":\"yes\"}", 400, "invalid_request", "force"),
                c("force=maybe on delete", "DELETE", "/workspaces/x?force=maybe", Who.USER, null, 400, "invalid_request", "force"),
                c("ssh_pubkey is a number", "POST", "/users/register", Who.NONE, "{\"github_token\":\"gho_x\",\"ssh_pubkey\":123}", 400, "invalid_request", "ssh_pubkey"),
                c("half an SSH key", "POST", "/users/register", Who.NONE, "{\"github_token\":\"gho_x\",\"ssh_pubkey\":\"ssh-ed25519\"}", 400, "invalid_request", "ssh_pubkey"),
                c("a private key as public key", "POST", "/users/me/keys", Who.USER, "{\"public_key\":\"-----BEGIN OPENSSH PRIVATE KEY-----\"}", 400, "invalid_request", "public_key"),
                c("drivers not a list", "POST", "/nodes/register", Who.NODE, nodeReg.formatted("\"lxc\"", "null", "null"), 400, "invalid_request", "drivers"),
                c("port range upside down", "POST", "/nodes/register", Who.NODE, nodeReg.formatted("[\"lxc\"]", "{\"first\":2299,\"last\":2222}", "null"), 400, "invalid_request", "ssh_ports"),
                c("port out of range", "POST", "/nodes/register", Who.NODE, nodeReg.formatted("[\"lxc\"]", "{\"first\":0,\"last\":70000}", "null"), 400, "invalid_request", "ssh_ports.first"),
                c("overlapping port ranges", "POST", "/nodes/register", Who.NODE, nodeReg.formatted("[\"lxc\"]", "{\"first\":23000,\"last\":23010}", "null"), 400, "invalid_request", "service_ports"),
                c("advertise host with a space", "POST", "/nodes/register", Who.NODE, nodeReg.formatted("[\"lxc\"]", "null", "null").replace("10.0.0.1", "evil host"), 400, "invalid_request", "advertise_host"),
                c("unknown observed state", "POST", "/nodes/{node}/status", Who.NODE, "{\"workspaces\":[{\"workspace_id\":\"ws-x\",\"generation\":1,\"state\":\"exploded\"}]}", 400, "invalid_request", "workspaces[0].state"),
                c("generation as text", "POST", "/nodes/{node}/status", Who.NODE, "{\"workspaces\":[{\"workspace_id\":\"ws-x\",\"generation\":\"one\",\"state\":\"running\"}]}", 400, "invalid_request", "workspaces[0].generation"),
                c("bad timestamp in a report", "POST", "/nodes/{node}/status", Who.NODE, "{\"workspaces\":[{\"workspace_id\":\"ws-x\",\"generation\":1,\"state\":\"running\",\"repo_state\":{\"uncommitted_files\":0,\"unpushed_commits\":0,\"checked_at\":\"yesterday\"}}]}", 400, "invalid_request", "workspaces[0].repo_state.checked_at"),
                c("load average as text", "POST", "/nodes/{node}/heartbeat", Who.NODE, "{\"load_average\":\"high\"}", 400, "invalid_request", "load_average"),
                c("slash in an invite's user name", "POST", "/invites", Who.ADMIN, "{\"username\":\"a/b\"}", 400, "invalid_request", "username"),
                c("traversal in a node token name", "POST", "/nodes/tokens", Who.ADMIN, "{\"name\":\"../x\"}", 400, "invalid_request", "name"),
                c("non-UTF-8 key fingerprint", "DELETE", "/users/me/keys/%ff%fe", Who.USER, null, 400, "invalid_request", ""),
                c("no such route", "GET", "/../../etc/passwd", Who.USER, null, 404, "not_found", null),
                c("wrong method", "PATCH", "/workspaces", Who.USER, null, 405, "method_not_allowed", null));
    }

    @Test
    void theTableIsBigEnough() {
        assertTrue(cases().count() >= 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnswered4xxWithTheRightCode(Case k) {
        String path = k.path().replace("{node}", agent.nodeId());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1" + path))
                .method(k.method(), k.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(k.body()));
        String token = switch (k.who()) {
            case USER -> user.token();
            case ADMIN -> server.adminToken();
            case NODE -> agent.token();
            case NONE -> null;
        };
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (k.body() != null) {
            b.header("Content-Type", k.contentType());
        }
        ApiResponse r = server.send(b.build());
        assertEquals(k.status(), r.status(), r.body());
        JsonObject e = r.json();
        assertEquals(k.code(), e.string("error"), r.body());
        assertFalse(e.string("message").isBlank());
        assertEquals(r.header("X-Request-Id"), e.string("request_id"));
        if (k.field() != null) {
            assertEquals(k.field(), e.object("details").string("field"), r.body());
        }
        for (String leak : List.of("\tat ", "Exception", "org.sqlite", "java.", "nexus.server.", "com.fasterxml", "StreamReadConstraints",
                "JsonReadFeature", "`")) {
            assertFalse(r.body().contains(leak), "internals leak (" + leak + "): " + r.body());
        }
    }

    @Test
    void nothingBadWasStoredAndNoRequestFailedInside() {
        cases().forEach(this::isAnswered4xxWithTheRightCode);
        assertEquals(0, server.get("/workspaces", user.token()).json().intValue("total"));
        assertTrue(server.log().stream().noneMatch(l -> l.contains("\"level\":\"error\"")), "a malformed request caused a 500");
    }
}
