package nexus.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nexus.core.json.JsonObject;
import nexus.core.repo.HostPathPolicy;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A path on the node is the operator's to give: an invited user who names one — the server's own data directory
 * with admin.token, /root, /etc, the same through /proc/self/root or ".." — gets 403 and no workspace, unless the
 * path lies in a directory the server was started to allow, and never inside the data directory.
 */
class HostPathsTest {

    private static JsonObject create(String name, String url) {
        return JsonObject.builder().put("name", name).put("repo", JsonObject.builder().put("url", url).build()).build();
    }

    private static void assertRefused(TestServer server, TestServer.User user, String url, String says) {
        ApiResponse r = server.post("/workspaces", user.token(), create("attempt", url));
        assertEquals(403, r.status(), url + ": " + r);
        assertEquals("forbidden", r.error());
        assertEquals("repo.url", r.json().object("details").string("field"));
        assertTrue(r.json().string("message").contains(says), r.toString());
    }

    @Test
    void withoutAnAllowListEveryHostPathIsRefusedAndNothingIsCreated() {
        try (TestServer server = TestServer.start(c -> c.withHostPaths(HostPathPolicy.NONE))) {
            TestServer.User mallory = server.registerUser("mallory");
            SimulatedAgent.register(server, "node-1");
            String data = server.dataDir().toString();
            for (String url : List.of("file://" + data, data, "/var/lib/nexus", "file:///root", "/etc",
                    "/proc/self/root" + data, "/srv/repos/../../var/lib/nexus", "file:///proc/self/root/etc")) {
                assertRefused(server, mallory, url, "nexus up ./dir");
            }
            assertEquals(0, server.get("/workspaces", mallory.token()).json().longValue("total"));
            // URLs are still fine
            assertEquals(202, server.post("/workspaces", mallory.token(), create("remote", "https://git.example.com/o/r.git")).status());
        }
    }

    @Test
    void anAllowListAdmitsItsDirectoriesOnlyAndNeverTheDataDirectory() {
        Path data = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        // the operator allows a directory that happens to contain the server's data directory
        try (TestServer server = TestServer.start(c -> c.withHostPaths(HostPathPolicy.allowing(List.of(Path.of("/srv/git"), data))))) {
            TestServer.User user = server.registerUser("alice");
            SimulatedAgent.register(server, "node-1");
            assertEquals(202, server.post("/workspaces", user.token(), create("shop", "/srv/git/shop")).status());
            assertEquals(202, server.post("/workspaces", user.token(), create("shop2", "file:///srv/git/team/shop")).status());
            assertRefused(server, user, "/srv/git/../../etc", "outside the directories");
            assertRefused(server, user, "/srv/gitx/shop", "outside the directories");
            assertRefused(server, user, "/proc/self/root/srv/git/shop", "outside the directories");
            assertTrue(server.dataDir().toAbsolutePath().startsWith(data), "the data directory is under the allowed one");
            assertRefused(server, user, server.dataDir().toString(), "keeps private");
            assertRefused(server, user, "file://" + server.dataDir().resolve("agent"), "keeps private");
        }
    }
}
