package nexus.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nexus.core.api.QuotaLimit;
import nexus.core.json.JsonObject;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.WorkspaceSpec;
import nexus.server.quota.QuotaDefaults;
import nexus.server.store.Database;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulingAndPortsTest {
    private TestServer server;
    private TestServer.User user;

    /** Scheduling is about nodes: one user creates more workspaces here than the standard quotas allow (QuotaTest). */
    static final QuotaDefaults ROOMY = QuotaDefaults.STANDARD.with(QuotaLimit.WORKSPACES, 1000)
            .with(QuotaLimit.RUNNING_WORKSPACES, 1000);

    @BeforeEach
    void setUp() {
        server = TestServer.start(c -> c.withQuotas(ROOMY));
        user = server.registerUser("sched");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ApiResponse create(String name, String provider, String config) {
        return server.post("/workspaces", user.token(), JsonObject.builder().put("name", name)
                .put("repo", JsonObject.builder().put("url", "https://github.com/acme/" + name).build())
                .put("provider", provider).put("config", config).build());
    }

    private String nodeOf(ApiResponse created) {
        return server.get("/workspaces/" + created.json().string("workspace_id"), user.token()).json().object("node").string("name");
    }

    @Test
    void withoutASuitableNodeTheAnswerSaysWhatToDo() {
        ApiResponse none = create("a", null, null);
        assertEquals(503, none.status(), none.body());
        assertEquals("no_node_available", none.error());
        assertTrue(none.json().string("message").contains("nexus-agent serve"), none.body());
        assertTrue(none.json().string("message").contains("nexus node list"), none.body());

        SimulatedAgent.register(server, "lxc-only", List.of("lxc"), 1, PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES);
        ApiResponse docker = create("b", "docker", null);
        assertEquals(503, docker.status());
        assertTrue(docker.json().string("message").contains("docker"), docker.body());
        assertEquals(202, create("c", "lxc", null).status());
        ApiResponse full = create("d", null, null);
        assertEquals(503, full.status());
        assertTrue(full.json().string("message").contains("full"), full.body());
        ApiResponse badProvider = create("e", "vmware", null);
        assertEquals(400, badProvider.status());
        assertEquals("provider", badProvider.json().object("details").string("field"));
    }

    @Test
    void theNodeWithTheMostFreeCapacityWins() {
        SimulatedAgent.register(server, "small", List.of("lxc"), 2, new PortRange(2222, 2240), new PortRange(23000, 23499));
        SimulatedAgent.register(server, "big", List.of("lxc", "docker"), 4, new PortRange(2222, 2240), new PortRange(23000, 23499));
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ApiResponse r = create("w" + i, null, null);
            assertEquals(202, r.status(), r.body());
            placed.add(nodeOf(r));
        }
        // big has 4 free and small 2: big (4), big (3 > 2); from then on free counts tie or favour small; both end full.
        assertEquals("big", placed.get(0));
        assertEquals("big", placed.get(1));
        assertEquals(4, placed.stream().filter("big"::equals).count());
        assertEquals(2, placed.stream().filter("small"::equals).count());
        assertEquals(503, create("w6", null, null).status());
        assertEquals(503, create("w7", "docker", null).status(), "big, the only docker node, is full");
    }

    @Test
    void aConfigGivesOnePortPerServiceAndBadConfigsAreExplained() {
        SimulatedAgent agent = SimulatedAgent.register(server, "n");
        String config = """
                services:
                  web: {command: npm run dev, port: 5173}
                  api: {command: npm run api, port: 4100}
                  cache: {command: redis-server, port: 6379}
                """;
        ApiResponse r = create("cfg", null, config);
        assertEquals(202, r.status(), r.body());
        WorkspaceSpec spec = agent.spec(r.json().string("workspace_id"));
        assertEquals(3, spec.servicePorts().size());
        assertEquals(config, spec.config());

        ApiResponse bad = create("bad", null, "services:\n  web:\n    comand: x\n    port: 99999\n");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("config", bad.json().object("details").string("field"));
        List<JsonObject> problems = bad.json().object("details").array("problems").objects(o -> o);
        assertTrue(problems.size() >= 2, bad.body());
        assertTrue(problems.stream().allMatch(p -> p.intValue("line") >= 1 && p.intValue("column") >= 1), bad.body());
        assertTrue(problems.stream().anyMatch(p -> "command".equals(p.optString("suggestion"))), bad.body());
    }

    @Test
    void exhaustedPortsAre503NamingTheRange() {
        SimulatedAgent.register(server, "tiny", List.of("lxc"), 100, new PortRange(2300, 2302), new PortRange(24000, 24099));
        for (int i = 0; i < 3; i++) {
            assertEquals(202, create("p" + i, null, null).status());
        }
        ApiResponse r = create("p3", null, null);
        assertEquals(503, r.status(), r.body());
        assertEquals("ports_exhausted", r.error());
        assertTrue(r.json().string("message").contains("2300-2302"), r.body());
        JsonObject detail = r.json().object("details").array("nodes").objects(o -> o).getFirst();
        assertEquals("ssh", detail.string("kind"));
        assertEquals(0, detail.intValue("free"));

        ApiResponse services = create("many", null, "services:\n" + servicesYaml(101));
        assertEquals(400, services.status(), "more services than a config may have is a config problem: " + services.body());
    }

    private static String servicesYaml(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("  s").append(i).append(": {command: x, port: ").append(3000 + i).append("}\n");
        }
        return b.toString();
    }

    @Test
    void hundredConcurrentCreatesNeverShareAPortNorLeaveTheRange() throws Exception {
        PortRange ssh = new PortRange(2400, 2459);           // 60 SSH ports for 100 creates
        PortRange svc = new PortRange(30000, 30999);
        SimulatedAgent.register(server, "busy", List.of("lxc"), 1000, ssh, svc);
        List<Future<ApiResponse>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String name = "c" + i;
                results.add(pool.submit(() -> create(name, null, null)));
            }
        }
        int accepted = 0;
        int exhausted = 0;
        Set<Integer> sshPorts = new HashSet<>();
        for (Future<ApiResponse> f : results) {
            ApiResponse r = f.get();
            if (r.status() == 202) {
                accepted++;
                int port = r.json().object("ssh").intValue("port");
                assertTrue(ssh.contains(port), "SSH port " + port + " outside " + ssh);
                assertTrue(sshPorts.add(port), "SSH port " + port + " given twice");
            } else {
                assertEquals(503, r.status(), r.body());
                assertEquals("ports_exhausted", r.error());
                exhausted++;
            }
        }
        assertEquals(60, accepted);
        assertEquals(40, exhausted);
        server.server().close();
        try (Database db = Database.open(server.dataDir().resolve(Database.FILE_NAME))) {
            int[] counts = db.read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT port), min(port), max(port), "
                             + "sum(kind = 'ssh'), sum(kind = 'service' AND port NOT BETWEEN 30000 AND 30999) FROM ports")) {
                    rs.next();
                    return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(5), rs.getInt(6)};
                }
            });
            assertEquals(60 * 9, counts[0], "60 workspaces × (1 SSH + 8 service ports)");
            assertEquals(counts[0], counts[1], "no port is held twice");
            assertEquals(60, counts[2]);
            assertEquals(0, counts[3], "no service port outside its range");
        }
        server.restart();
    }
}
