package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nexus.core.api.RegisterUserResponse;
import nexus.core.api.UserProfile;
import nexus.core.json.JsonObject;
import nexus.server.auth.SshPublicKey;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.Keys;
import nexus.server.testing.ShiftedClock;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserApiTest {
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withClock(CLOCK));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject register(String githubToken, String inviteToken, String key) {
        return JsonObject.builder().put("github_token", githubToken).put("invite_token", inviteToken).put("ssh_pubkey", key).build();
    }

    @Test
    void registerWithGitHubThenAgainFromAnotherLaptop() {
        server.github().state().addUser("octo", "Octo Cat");
        String gh = server.github().state().issueToken("octo");
        String key1 = Keys.ed25519("octo@laptop");
        ApiResponse first = server.post("/users/register", null, register(gh, null, key1));
        assertEquals(201, first.status(), first.body());
        RegisterUserResponse r1 = RegisterUserResponse.fromJson(first.json());
        assertEquals("octo", r1.githubUsername());
        assertTrue(r1.token().startsWith("nxu_"));
        assertEquals(SshPublicKey.parse(key1).fingerprint(), r1.sshPubkeyFingerprint());
        assertTrue(r1.userId().startsWith("user-"));

        String key2 = Keys.ecdsa("nistp256", "octo@desktop");
        ApiResponse second = server.post("/users/register", null, register(server.github().state().issueToken("octo"), null, key2));
        assertEquals(200, second.status(), second.body());
        RegisterUserResponse r2 = RegisterUserResponse.fromJson(second.json());
        assertEquals(r1.userId(), r2.userId());
        assertNotEquals(r1.token(), r2.token());

        for (String token : List.of(r1.token(), r2.token())) {
            ApiResponse me = server.get("/users/me", token);
            assertEquals(200, me.status(), me.body());
            UserProfile p = UserProfile.fromJson(me.json());
            assertEquals("octo", p.githubUsername());
            assertEquals(2, p.keys().size());
        }
        assertEquals(List.of("GET"), server.github().requests().stream()
                .filter(q -> q.path().equals("/user")).map(q -> q.method()).distinct().toList());
        assertTrue(server.github().requests().stream().allMatch(q -> "bearer".equals(q.authScheme())));
    }

    @Test
    void githubSaysNo() {
        server.github().state().addUser("revoked", null);
        String gh = server.github().state().issueToken("revoked");
        server.github().state().revokeToken(gh);
        ApiResponse r = server.post("/users/register", null, register(gh, null, Keys.ed25519(null)));
        assertEquals(401, r.status(), r.body());
        assertEquals("auth_required", r.error());
        assertTrue(r.json().string("message").contains("gh auth login"), r.body());

        ApiResponse junk = server.post("/users/register", null, register("not a token", null, Keys.ed25519(null)));
        assertEquals(401, junk.status(), junk.body());
    }

    @Test
    void githubUnreachableIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = s.getLocalPort();
        }
        try (TestServer offline = TestServer.start(c -> c.withGithubApi(URI.create("http://127.0.0.1:" + closedPort)))) {
            ApiResponse r = offline.post("/users/register", null, register("gho_whatever", null, Keys.ed25519(null)));
            assertEquals(502, r.status(), r.body());
            assertEquals("github_unavailable", r.error());
            assertTrue(r.json().string("message").contains("invite"), r.body());
        }
    }

    @Test
    void proofOfIdentityAndKeyAreChecked() {
        ApiResponse none = server.post("/users/register", null, register(null, null, Keys.ed25519(null)));
        assertEquals(400, none.status());
        assertEquals(List.of("github_token", "invite_token"), none.json().object("details").strings("missing_fields"));

        ApiResponse both = server.post("/users/register", null, register("gho_x", "nxi_y", Keys.ed25519(null)));
        assertEquals(400, both.status());
        assertEquals("invite_token", both.json().object("details").string("field"));

        ApiResponse noKey = server.post("/users/register", null, JsonObject.builder().put("github_token", "gho_x").build());
        assertEquals(400, noKey.status());
        assertEquals("ssh_pubkey", noKey.json().object("details").string("field"));
        assertEquals(List.of("ssh_pubkey"), noKey.json().object("details").strings("missing_fields"));

        server.github().state().addUser("weakkey", null);
        ApiResponse weak = server.post("/users/register", null,
                register(server.github().state().issueToken("weakkey"), null, Keys.rsa(1024, "old")));
        assertEquals(400, weak.status());
        assertEquals("ssh_pubkey", weak.json().object("details").string("field"));
        assertTrue(weak.json().string("message").contains("2048"), weak.body());
    }

    @Test
    void invitesAreSingleUseNamedAndExpire() {
        String admin = server.adminToken();
        ApiResponse inv = server.post("/invites", admin, JsonObject.builder().put("username", "bob").build());
        assertEquals(201, inv.status(), inv.body());
        String token = inv.json().string("invite_token");
        assertTrue(token.startsWith("nxi_"));
        assertEquals("bob", inv.json().string("username"));

        ApiResponse reg = server.post("/users/register", null, register(null, token, Keys.ed25519("bob")));
        assertEquals(201, reg.status(), reg.body());
        assertEquals("bob", reg.json().string("github_username"));

        ApiResponse again = server.post("/users/register", null, register(null, token, Keys.ed25519("bob2")));
        assertEquals(401, again.status(), again.body());
        assertTrue(again.json().string("message").contains("already used"), again.body());

        // a new invite for bob signs the same user in again (e.g. after bob's token expired), with a new token
        ApiResponse reinvite = server.post("/invites", admin, JsonObject.builder().put("username", "BOB").build());
        assertEquals(201, reinvite.status(), reinvite.body());
        assertEquals("bob", reinvite.json().string("username"));
        ApiResponse back = server.post("/users/register", null, register(null, reinvite.json().string("invite_token"), Keys.ed25519("bob3")));
        assertEquals(200, back.status(), back.body());
        assertEquals(reg.json().string("user_id"), back.json().string("user_id"));
        assertNotEquals(reg.json().string("token"), back.json().string("token"));
        assertEquals(200, server.get("/users/me", reg.json().string("token")).status(), "bob's other token keeps working");

        server.registerUser("gitbob");
        ApiResponse github = server.post("/invites", admin, JsonObject.builder().put("username", "gitbob").build());
        assertEquals(409, github.status(), github.body());
        assertTrue(github.json().string("message").contains("nexus auth github"), github.body());

        ApiResponse bad = server.post("/invites", admin, JsonObject.builder().put("username", "-bad name").build());
        assertEquals(400, bad.status(), bad.body());
        assertEquals("username", bad.json().object("details").string("field"));

        String later = server.post("/invites", admin, JsonObject.builder().put("username", "late").build()).json().string("invite_token");
        CLOCK.advance(Duration.ofDays(8));
        try {
            ApiResponse expired = server.post("/users/register", null, register(null, later, Keys.ed25519(null)));
            assertEquals(401, expired.status(), expired.body());
        } finally {
            CLOCK.advance(Duration.ofDays(-8));
        }
        ApiResponse notInvite = server.post("/users/register", null, register(null, "nxu_" + "a".repeat(43), Keys.ed25519(null)));
        assertEquals(401, notInvite.status(), notInvite.body());
    }

    @Test
    void anInvitedNameIsNotTakenOverByAGitHubLogin() {
        String admin = server.adminToken();
        String invite = server.post("/invites", admin, JsonObject.builder().put("username", "carol").build()).json().string("invite_token");
        assertEquals(201, server.post("/users/register", null, register(null, invite, Keys.ed25519(null))).status());
        server.github().state().addUser("carol", "Another Carol");
        ApiResponse r = server.post("/users/register", null, register(server.github().state().issueToken("carol"), null, Keys.ed25519(null)));
        assertEquals(409, r.status(), r.body());
    }

    @Test
    void sshKeysCanBeAddedListedAndRemovedButNotTheLastOne() {
        TestServer.User u = server.registerUser("keyuser");
        ApiResponse list = server.get("/users/me/keys", u.token());
        assertEquals(200, list.status());
        assertEquals(1, list.json().array("keys").size());

        String extra = Keys.rsa(2048, "extra");
        ApiResponse added = server.post("/users/me/keys", u.token(), JsonObject.builder().put("public_key", extra).build());
        assertEquals(201, added.status(), added.body());
        String fp = added.json().string("fingerprint");
        assertEquals("ssh-rsa", added.json().string("type"));
        assertEquals("extra", added.json().string("comment"));
        ApiResponse same = server.post("/users/me/keys", u.token(), JsonObject.builder().put("public_key", extra).build());
        assertEquals(200, same.status(), same.body());
        assertEquals(2, server.get("/users/me/keys", u.token()).json().array("keys").size());

        ApiResponse bad = server.post("/users/me/keys", u.token(), JsonObject.builder().put("public_key", "ssh-rsa AAAA").build());
        assertEquals(400, bad.status(), bad.body());
        assertEquals("public_key", bad.json().object("details").string("field"));

        assertEquals(204, server.delete("/users/me/keys/" + URLEncoder.encode(fp, StandardCharsets.UTF_8), u.token()).status());
        assertEquals(404, server.delete("/users/me/keys/" + URLEncoder.encode(fp, StandardCharsets.UTF_8), u.token()).status());
        String last = server.get("/users/me/keys", u.token()).json().array("keys").objects(o -> o.string("fingerprint")).getFirst();
        ApiResponse refused = server.delete("/users/me/keys/" + URLEncoder.encode(last.substring("SHA256:".length()), StandardCharsets.UTF_8), u.token());
        assertEquals(409, refused.status(), refused.body());
    }

    @Test
    void noTokenOrGitHubTokenIsStoredOrLogged() throws Exception {
        TestServer.User u = server.registerUser("secretive");
        server.get("/users/me", u.token());
        for (String line : server.log()) {
            assertFalse(line.contains(u.token()), line);
            assertFalse(line.contains(u.githubToken()), line);
            assertFalse(line.contains(server.adminToken()), line);
        }
        for (String f : List.of("nexus.db", "nexus.db-wal")) {
            Path p = server.dataDir().resolve(f);
            if (Files.exists(p)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(u.token()), f + " holds a user token");
                assertFalse(bytes.contains(u.githubToken()), f + " holds a GitHub token");
                assertFalse(bytes.contains(server.adminToken()), f + " holds the admin token");
            }
        }
    }
}
