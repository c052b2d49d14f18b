package nexus.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nexus.core.api.TokenInfo;
import nexus.core.json.JsonObject;
import nexus.server.auth.TokenLifetimes;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.ShiftedClock;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens can be listed, revoked and expire: users list and revoke their own, admins any user's and nodes', the
 * last use is recorded without a write per request, and a revocation counts from the very next request — also
 * one made by another process on the same database.
 */
class TokenApiTest {
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

    private static List<TokenInfo> tokens(String path, String token) {
        ApiResponse r = server.get(path, token);
        assertEquals(200, r.status(), r.body());
        return r.json().objects("tokens", TokenInfo::fromJson);
    }

    private static TokenInfo current(String token) {
        return tokens("/users/me/tokens", token).stream().filter(TokenInfo::current).findFirst().orElseThrow();
    }

    @Test
    void aUserListsTheirTokensWithLabelsLastUseAndExpiry() {
        TestServer.User laptop = server.registerUser("lister");
        TestServer.User desktop = server.signInAgain(laptop);
        List<TokenInfo> mine = tokens("/users/me/tokens", desktop.token());
        assertEquals(2, mine.size(), mine.toString());
        assertEquals(List.of(false, true), mine.stream().map(TokenInfo::current).toList(), "the caller's own is marked");
        for (TokenInfo t : mine) {
            assertTrue(t.tokenId().startsWith("tok-"), t.toString());
            assertTrue(t.label().startsWith("GitHub registration from 127.0.0.1 (key lister"), t.label());
            assertEquals(t.createdAt().plus(TokenLifetimes.DEFAULT_USER), t.expiresAt(), "user tokens live 90 days by default");
        }
        assertNull(mine.getFirst().lastUsedAt(), "the laptop's token has not been used");
        assertTrue(mine.getLast().lastUsedAt() != null, "this request uses the desktop's");
        assertFalse(server.get("/users/me/tokens", desktop.token()).body().contains(desktop.token()), "never the secret");
    }

    @Test
    void theLastUseIsWrittenAtMostOnceAMinute() {
        TestServer.User u = server.registerUser("user-of-minutes");
        Instant first = current(u.token()).lastUsedAt();
        CLOCK.advance(Duration.ofSeconds(40));
        assertEquals(first, current(u.token()).lastUsedAt(), "40 s later the use is not written again");
        CLOCK.advance(Duration.ofSeconds(30));
        Instant later = current(u.token()).lastUsedAt();
        assertTrue(later.isAfter(first.plusSeconds(60)), first + " then " + later);
    }

    @Test
    void aRevokedTokenIsRefusedFromItsNextRequestAndSaysWhatToRun() {
        TestServer.User u = server.registerUser("revoker");
        TestServer.User other = server.signInAgain(u);
        assertEquals(200, server.get("/users/me", other.token()).status(), "works, and is known to the server now");
        assertEquals(204, server.delete("/users/me/tokens/" + server.tokenId(other.token()), u.token()).status());
        ApiResponse refused = server.get("/users/me", other.token());
        assertEquals(401, refused.status(), refused.body());
        assertEquals("auth_required", refused.error());
        String m = refused.json().string("message");
        assertTrue(m.contains("was revoked") && m.contains("nexus auth github") && m.contains("nexus auth invite"), m);

        assertEquals(204, server.delete("/users/me/tokens/current", u.token()).status());
        assertEquals(401, server.get("/users/me", u.token()).status(), "logging out ends the token of that request");

        TestServer.User a = server.signInAgain(u);
        TestServer.User b = server.signInAgain(u);
        ApiResponse all = server.delete("/users/me/tokens", a.token());
        assertEquals(200, all.status(), all.body());
        assertEquals(2, all.json().intValue("revoked"));
        assertEquals(401, server.get("/users/me", b.token()).status());
    }

    @Test
    void anotherUsersTokenIdIsNotFoundAndKeepsWorking() {
        TestServer.User alice = server.registerUser("alice-tokens");
        TestServer.User mallory = server.registerUser("mallory-tokens");
        String aliceTokenId = server.tokenId(alice.token());
        ApiResponse r = server.delete("/users/me/tokens/" + aliceTokenId, mallory.token());
        assertEquals(404, r.status(), r.body());
        assertEquals(404, server.delete("/users/me/tokens/tok-doesnotexist", mallory.token()).status(), "same answer as for none");
        assertEquals(200, server.get("/users/me", alice.token()).status());
        assertEquals(1, tokens("/users/me/tokens", mallory.token()).size(), "mallory sees only her own");
    }

    @Test
    void anExpiredTokenIsRefusedWithWhatToRun() {
        try (TestServer shortLived = TestServer.start(c -> c.withClock(CLOCK)
                .withTokenLifetimes(new TokenLifetimes(Duration.ofHours(1), null)))) {
            TestServer.User u = shortLived.registerUser("ephemeral");
            assertEquals(200, shortLived.get("/users/me", u.token()).status());
            CLOCK.advance(Duration.ofMinutes(61));
            ApiResponse r = shortLived.get("/users/me", u.token());
            assertEquals(401, r.status(), r.body());
            String m = r.json().string("message");
            assertTrue(m.contains("expired") && m.contains("nexus auth github"), m);
            TestServer.User again = shortLived.signInAgain(u);
            assertEquals(1, shortLived.get("/users/me/tokens", again.token()).json().array("tokens").size(),
                    "expired tokens are not listed");
        }
    }

    @Test
    void anAdminListsAndRevokesAnyUsersTokensByNameOrId() {
        String admin = server.adminToken();
        TestServer.User u = server.registerUser("managed");
        TestServer.User second = server.signInAgain(u);
        assertEquals(2, tokens("/users/managed/tokens", admin).size());
        assertEquals(2, tokens("/users/" + u.id() + "/tokens", admin).size());
        assertTrue(tokens("/users/managed/tokens", admin).stream().noneMatch(TokenInfo::current));

        assertEquals(204, server.delete("/users/managed/tokens/" + server.tokenId(second.token()), admin).status());
        assertEquals(401, server.get("/users/me", second.token()).status());
        TestServer.User other = server.registerUser("unrelated");
        assertEquals(404, server.delete("/users/managed/tokens/" + server.tokenId(other.token()), admin).status(),
                "a token of another user is not found under this one");

        ApiResponse all = server.delete("/users/" + u.id() + "/tokens", admin);
        assertEquals(200, all.status(), all.body());
        assertEquals(1, all.json().intValue("revoked"));
        assertEquals(401, server.get("/users/me", u.token()).status());
        assertEquals(404, server.get("/users/nobody-here/tokens", admin).status());

        // scopes: users and nodes cannot use the admin routes, the admin token is not a user's
        String node = server.nodeToken("token-scopes");
        for (String token : List.of(other.token(), node)) {
            assertEquals(403, server.get("/users/unrelated/tokens", token).status());
            assertEquals(403, server.delete("/users/unrelated/tokens", token).status());
            assertEquals(403, server.delete("/nodes/token-scopes", token).status());
        }
        assertEquals(403, server.get("/users/me/tokens", admin).status());
        assertEquals(403, server.get("/users/me/tokens", node).status());
    }

    @Test
    void removingANodeRevokesItsTokenAndIsRefusedWhileItHoldsWorkspaces() throws Exception {
        String admin = server.adminToken();
        TestServer.User owner = server.registerUser("node-tenant");
        SimulatedAgent agent = SimulatedAgent.register(server, "doomed");
        ApiResponse created = server.post("/workspaces", owner.token(), JsonObject.builder().put("name", "on-doomed")
                .put("repo", JsonObject.builder().put("url", "https://example.com/r.git").build()).build());
        assertEquals(202, created.status(), created.body());
        String ws = created.json().string("workspace_id");

        ApiResponse refused = server.delete("/nodes/doomed", admin);
        assertEquals(409, refused.status(), refused.body());
        assertEquals(1, refused.json().object("details").intValue("workspaces"));
        assertTrue(refused.json().string("message").contains("force=true"), refused.body());
        assertEquals(204, agent.heartbeat().status(), "a refused removal changes nothing");

        long version = agent.assignments(-1, 0).version();
        CompletableFuture<ApiResponse> poll = CompletableFuture.supplyAsync(() -> server.get("/nodes/" + agent.nodeId()
                + "/assignments?since=" + version + "&wait=60", agent.token()));
        awaitInFlight(2);
        ApiResponse removed = server.delete("/nodes/" + agent.nodeId() + "?force=true", admin);
        assertEquals(200, removed.status(), removed.body());
        assertEquals("doomed", removed.json().string("name"));
        assertEquals(agent.nodeId(), removed.json().string("node_id"));
        assertEquals(1, removed.json().intValue("workspaces_removed"));
        // the agent's waiting long-poll is answered at once, and not with an empty list its agent would converge to
        ApiResponse answered = poll.get(30, TimeUnit.SECONDS);
        assertEquals(401, answered.status(), answered.body());

        ApiResponse heartbeat = agent.heartbeat();
        assertEquals(401, heartbeat.status(), heartbeat.body());
        assertTrue(heartbeat.json().string("message").contains("node token was revoked"), heartbeat.body());
        assertEquals(404, server.get("/workspaces/" + ws, owner.token()).status(), "its workspaces are forgotten");
        assertTrue(server.get("/nodes", admin).json().array("nodes").objects(o -> o.string("name")).stream()
                .noneMatch("doomed"::equals));
        assertEquals(404, server.delete("/nodes/doomed", admin).status());
        assertEquals(201, server.post("/nodes/tokens", admin, JsonObject.builder().put("name", "doomed").build()).status(),
                "the name is free again");

        String unused = server.nodeToken("never-used");
        ApiResponse revoked = server.delete("/nodes/never-used", admin);
        assertEquals(200, revoked.status(), revoked.body());
        assertFalse(revoked.json().has("node_id"), "it never registered a node");
        assertEquals(401, server.post("/nodes/register", unused, JsonObject.empty()).status());
    }

    /** Waits until the server answers at least {@code n} requests at once (the scrape itself is one). */
    private static void awaitInFlight(int n) throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            for (String line : server.get("/metrics", server.adminToken()).body().split("\n")) {
                if (line.startsWith("nexus_http_requests_in_flight ") && Long.parseLong(line.split(" ")[1]) >= n) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the long-poll never reached the server");
    }

    @Test
    void adminTokenRevokeOthersInAnotherProcessCountsAtTheServersNextRequest() throws Exception {
        String old = server.adminToken();
        for (int i = 0; i < 2; i++) {
            // twice: the server has the old token's row cached, its last use recorded (a commit of its own) before
            assertEquals(200, server.get("/nodes", old).status());
        }
        String fresh = server.adminTokenCommand("--revoke-others");
        assertNotEquals(old, fresh);
        assertEquals(fresh, Files.readString(server.dataDir().resolve("admin.token")).strip(), "admin.token holds the new one");
        ApiResponse refused = server.get("/nodes", old);
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.json().string("message").contains("nexus-server admin-token"), refused.body());
        assertEquals(200, server.get("/nodes", fresh).status());

        // the command reads the system clock, and this server's runs a little ahead (the other tests move it)
        String expiring = server.adminTokenCommand("--ttl", "30d");
        assertEquals(200, server.get("/nodes", expiring).status());
        CLOCK.advance(Duration.ofDays(31));
        ApiResponse expired = server.get("/nodes", expiring);
        assertEquals(401, expired.status(), expired.body());
        assertTrue(expired.json().string("message").contains("expired"), expired.body());
        assertEquals(200, server.get("/nodes", fresh).status(), "tokens without a lifetime do not expire");
    }
}
