package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.server.testing.Files2;
import nexus.server.testing.ServerProcess;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;

/**
 * serve without --no-local-node runs the agent in-process (sandbox driver, its own bridge and subnet so it stays
 * out of the way of other installations): the node "local" registers and stays online, keeps its node id across
 * restarts through local-node.token (0600), and the agent stops with the server.
 */
class LocalNodeTest {

    @SystemTest({HostRequirement.ROOT, HostRequirement.BWRAP, HostRequirement.IPROUTE})
    @Test
    void theLocalNodeRegistersAndKeepsItsIdentity() throws Exception {
        Path dir = Files.createTempDirectory("nexus-local-node");
        String bridge = "nxs" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Map<String, String> env = Map.of("NEXUS_AGENT_BRIDGE", bridge, "NEXUS_AGENT_SUBNET", freeSubnet());
        try (HttpClient http = HttpClient.newHttpClient()) {
            String first = null;
            for (int run = 0; run < 2; run++) {
                try (ServerProcess p = ServerProcess.start(env, List.of(), "serve", "--listen", "127.0.0.1:0",
                        "--data", dir.toString(), "--driver", "sandbox")) {
                    String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", Duration.ofSeconds(60));
                    p.awaitStderr("(\"msg\":\"local node started\")", Duration.ofSeconds(60));
                    String admin = Files.readString(dir.resolve("admin.token")).strip();
                    JsonObject node = awaitLocalNode(http, url, admin);
                    assertEquals("online", node.string("state"));
                    assertEquals(List.of("sandbox"), node.strings("drivers"));
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("local-node.token"))));
                    if (first == null) {
                        first = node.string("node_id");
                    } else {
                        assertEquals(first, node.string("node_id"), "the local node keeps its id across restarts");
                    }
                    p.terminate();
                    assertEquals(143, p.waitFor(Duration.ofSeconds(60)));
                    p.awaitStderr("(\"msg\":\"stopped\")", Duration.ofSeconds(5));
                }
            }
        } finally {
            ProcessRunner.of("ip", "link", "delete", bridge).run();
            Files2.deleteTree(dir);
        }
    }

    @SystemTest({HostRequirement.ROOT, HostRequirement.BWRAP, HostRequirement.IPROUTE})
    @Test
    void aRemovedLocalNodeStopsItsAgentWithOneLineAndStaysRemovedUntilItsTokenFileIsDeleted() throws Exception {
        Path dir = Files.createTempDirectory("nexus-local-node");
        String bridge = "nxs" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Map<String, String> env = Map.of("NEXUS_AGENT_BRIDGE", bridge, "NEXUS_AGENT_SUBNET", freeSubnet());
        List<String> serve = List.of("serve", "--listen", "127.0.0.1:0", "--data", dir.toString(), "--driver", "sandbox");
        try (HttpClient http = HttpClient.newHttpClient()) {
            String removedId;
            try (ServerProcess p = ServerProcess.start(env, List.of(), serve.toArray(String[]::new))) {
                String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", Duration.ofSeconds(60));
                String admin = Files.readString(dir.resolve("admin.token")).strip();
                removedId = awaitLocalNode(http, url, admin).string("node_id");
                HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes/local"))
                        .DELETE().header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, removed.statusCode(), removed.body());
                String line = p.awaitStderr("(.* ERROR server: .*)", Duration.ofSeconds(60));
                assertTrue(line.contains("no longer accepts this node's token") && line.contains("revoked")
                        && line.contains("workspaces here keep running"), line);
                p.terminate();
                p.waitFor(Duration.ofSeconds(60));
                List<String> agentLines = p.stderr().stream().filter(l -> l.matches(".* (WARN|ERROR) server: .*")).toList();
                assertEquals(List.of(line), agentLines, "one line from the agent's server link, no retries or warnings");
                assertTrue(p.stderr().stream().noneMatch(l -> l.contains("\tat ") || l.contains("Exception")), String.join("\n", p.stderr()));
            }
            try (ServerProcess p = ServerProcess.start(env, List.of(), serve.toArray(String[]::new))) {
                String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", Duration.ofSeconds(60));
                p.awaitStderr("(the local node was removed by an admin)", Duration.ofSeconds(60));
                String admin = Files.readString(dir.resolve("admin.token")).strip();
                HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes"))
                        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(0, JsonCodec.parseObject(nodes.body()).array("nodes").size(), "a restart does not bring it back");
                p.terminate();
                p.waitFor(Duration.ofSeconds(60));
            }
            Files.delete(dir.resolve("local-node.token"));
            try (ServerProcess p = ServerProcess.start(env, List.of(), serve.toArray(String[]::new))) {
                String url = p.awaitStderr("\"msg\":\"listening\",\"url\":\"([^\"]+)\"", Duration.ofSeconds(60));
                String admin = Files.readString(dir.resolve("admin.token")).strip();
                JsonObject again = awaitLocalNode(http, url, admin);
                assertTrue(!again.string("node_id").equals(removedId), "a new local node, under the name the removed one freed");
                // SIGTERM at once, maybe while the server is still starting: it still closes its node's network
                p.terminate();
                p.waitFor(Duration.ofSeconds(60));
            }
            for (String table : List.of("filter", "nat")) {
                assertFalse(ProcessRunner.of("iptables", "-t", table, "-S").run().stdout().contains("NEXUS-" + bridge + "-"),
                        "the node's firewall chains are gone (" + table + ")");
            }
        } finally {
            ProcessRunner.of("ip", "link", "delete", bridge).run();
            Files2.deleteTree(dir);
        }
    }

    private static JsonObject awaitLocalNode(HttpClient http, String url, String admin) throws Exception {
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/nodes"))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonObject> nodes = JsonCodec.parseObject(r.body()).array("nodes").objects(o -> o);
            if (!nodes.isEmpty()) {
                assertEquals(1, nodes.size());
                assertEquals("local", nodes.getFirst().string("name"));
                return nodes.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local node never registered");
    }

    /** A 10.x.0.0/16 no route on this host uses (other installations and test runs pick theirs the same way). */
    private static String freeSubnet() {
        String routes = ProcessRunner.of("ip", "-4", "route", "show").run().stdout();
        Random random = new Random();
        for (int i = 0; i < 100; i++) {
            int x = 100 + random.nextInt(150);
            if (!routes.contains("10." + x + ".")) {
                return "10." + x + ".0.0/16";
            }
        }
        throw new IllegalStateException("no free 10.x.0.0/16 subnet on this host");
    }
}
