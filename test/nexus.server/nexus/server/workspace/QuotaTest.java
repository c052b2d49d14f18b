package nexus.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nexus.core.api.QuotaLimit;
import nexus.core.json.JsonObject;
import nexus.core.protocol.PortRange;
import nexus.server.quota.QuotaDefaults;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-user quotas against the real server: user A runs into each limit (at create, and at start for the running
 * ones) while user B, on the same node, still creates; admins raise, lower and reset a user's limits; concurrent
 * creates of one user never overshoot.
 */
class QuotaTest {
    private static final long GIB = 1L << 30;
    private TestServer server;
    private SimulatedAgent agent;
    private TestServer.User a;
    private TestServer.User b;

    private void boot(QuotaDefaults quotas) {
        server = TestServer.start(c -> c.withQuotas(quotas));
        agent = SimulatedAgent.register(server, "roomy", List.of("lxc", "sandbox"), 500, PortRange.DEFAULT_SSH,
                PortRange.DEFAULT_SERVICES);
        a = server.registerUser("alice");
        b = server.registerUser("bob");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ApiResponse create(TestServer.User u, String name, String config) {
        return server.post("/workspaces", u.token(), JsonObject.builder().put("name", name)
                .put("repo", JsonObject.builder().put("url", "https://github.com/acme/" + name).build())
                .put("config", config).build());
    }

    private ApiResponse action(TestServer.User u, String name, String action) {
        return server.post("/workspaces/" + name + "/" + action, u.token(), null);
    }

    private ApiResponse setQuota(String user, JsonObject body) {
        return server.call("PUT", "/users/" + user + "/quota", server.adminToken(), body.toString());
    }

    private JsonObject limit(JsonObject quota, String limit) {
        return quota.array("limits").objects(o -> o).stream().filter(o -> o.string("limit").equals(limit)).findFirst()
                .orElseThrow(() -> new AssertionError("no limit " + limit + " in " + quota));
    }

    private JsonObject myLimit(TestServer.User u, String limit) {
        ApiResponse r = server.get("/users/me/quota", u.token());
        assertEquals(200, r.status(), r.body());
        return limit(r.json(), limit);
    }

    private static void assertExceeded(ApiResponse r, String limit, long allowed, long used, long requested) {
        assertEquals(409, r.status(), r.body());
        assertEquals("quota_exceeded", r.error(), r.body());
        JsonObject d = r.json().object("details");
        assertEquals(limit, d.string("limit"), r.body());
        assertEquals(allowed, d.longValue("allowed"), r.body());
        assertEquals(used, d.longValue("used"), r.body());
        assertEquals(requested, d.longValue("requested"), r.body());
        String message = r.json().string("message");
        assertTrue(message.contains("(" + limit + ")") && message.contains("raise " + limit)
                && message.contains("nexus quota set alice " + QuotaLimit.parse(limit).flag()), message);
    }

    private static String services(int n) {
        StringBuilder y = new StringBuilder("services:\n");
        for (int i = 0; i < n; i++) {
            y.append("  s").append(i).append(": {command: x, port: ").append(3000 + i).append("}\n");
        }
        return y.toString();
    }

    @Test
    void atMostTenWorkspacesPerUserByDefaultStoppedOnesIncluded() {
        boot(QuotaDefaults.STANDARD);
        for (int i = 0; i < 10; i++) {
            assertEquals(202, create(a, "w" + i, null).status());
            assertEquals(202, action(a, "w" + i, "stop").status());
        }
        ApiResponse over = create(a, "w10", null);
        assertExceeded(over, "workspaces", 10, 10, 1);
        String message = over.json().string("message");
        assertTrue(message.contains("nexus workspace list") && message.contains("nexus workspace delete NAME"), message);
        assertEquals(202, create(b, "w10", null).status(), "bob is not held back by alice's workspaces");

        assertEquals(202, server.delete("/workspaces/w0", a.token()).status());
        assertEquals(202, create(a, "w10", null).status(), "a workspace being deleted no longer counts");
        JsonObject workspaces = myLimit(a, "workspaces");
        assertEquals(10, workspaces.longValue("used"));
        assertEquals(10, workspaces.longValue("allowed"));
        assertFalse(workspaces.bool("overridden"));
    }

    @Test
    void runningWorkspacesAreLimitedAtCreateAndAtStart() {
        boot(QuotaDefaults.STANDARD);
        for (int i = 0; i < 5; i++) {
            assertEquals(202, create(a, "r" + i, null).status());
        }
        assertExceeded(create(a, "r5", null), "running_workspaces", 5, 5, 1);
        assertEquals(202, create(b, "r5", null).status(), "bob is not held back by alice's workspaces");

        assertEquals(202, action(a, "r0", "stop").status());
        assertEquals(202, create(a, "r5", null).status(), "a stopped workspace does not run");
        ApiResponse start = action(a, "r0", "start");
        assertExceeded(start, "running_workspaces", 5, 5, 1);
        assertTrue(start.json().string("message").contains("nexus workspace stop NAME"), start.body());
        assertEquals("stopped", server.get("/workspaces/r0", a.token()).json().string("desired_state"));
        String r0 = server.get("/workspaces/r0", a.token()).json().string("workspace_id");
        assertExceeded(server.post("/workspaces/" + r0 + "/start", server.adminToken(), null), "running_workspaces", 5, 5, 1);

        assertEquals(202, action(a, "r1", "stop").status());
        assertEquals(202, action(a, "r0", "start").status());
        assertEquals("running", server.get("/workspaces/r0", a.token()).json().string("desired_state"));
        assertEquals(202, action(a, "r0", "start").status(), "starting a workspace that already runs changes nothing");
    }

    @Test
    void servicesPerWorkspaceBoundTheNodePortsOfEachWorkspace() {
        boot(QuotaDefaults.STANDARD);
        assertExceeded(create(a, "eleven", services(11)), "services_per_workspace", 10, 0, 11);
        ApiResponse ten = create(a, "ten", services(10));
        assertEquals(202, ten.status(), ten.body());
        assertEquals(10, agent.spec(ten.json().string("workspace_id")).servicePorts().size());

        // without a config the services are only known on the node: 8 ports are reserved, never more than the limit
        assertEquals(200, setQuota("alice", JsonObject.builder().put("services_per_workspace", 3).build()).status());
        ApiResponse small = create(a, "small", null);
        assertEquals(202, small.status(), small.body());
        assertEquals(3, agent.spec(small.json().string("workspace_id")).servicePorts().size());
        ApiResponse bobs = create(b, "bobs", null);
        assertEquals(8, agent.spec(bobs.json().string("workspace_id")).servicePorts().size());
        JsonObject services = myLimit(a, "services_per_workspace");
        assertEquals(3, services.longValue("allowed"));
        assertEquals(10, services.longValue("used"), "the most any of alice's workspaces holds");
        assertTrue(services.bool("overridden"));
    }

    @Test
    void cpuAndMemoryCountWhatRunningWorkspacesAskFor() {
        boot(QuotaDefaults.STANDARD);
        String cpu8 = "resources: {cpu: 8}\n" + services(1);
        assertEquals(202, create(a, "c1", cpu8).status());
        assertEquals(202, create(a, "c2", cpu8).status());
        assertExceeded(create(a, "c3", "resources: {cpu: 1}\n"), "cpu", 16, 16, 1);
        assertEquals(202, create(a, "plain", null).status(), "a workspace that asks for nothing counts nothing");

        assertEquals(202, action(a, "c1", "stop").status());
        assertEquals(202, create(a, "c3", cpu8).status(), "a stopped workspace's CPUs are free again");
        assertExceeded(action(a, "c1", "start"), "cpu", 16, 16, 8);

        assertEquals(202, create(a, "m1", "resources: {memory: 20GB}\n").status());
        assertExceeded(create(a, "m2", "resources: {memory: 20GB}\n"), "memory_bytes", 32 * GIB, 20 * GIB, 20 * GIB);
        assertEquals(202, create(b, "both", "resources: {cpu: 16, memory: 32GB}\n").status(), "bob has his own");
        assertEquals(16, myLimit(a, "cpu").longValue("used"));
        assertEquals(20 * GIB, myLimit(a, "memory_bytes").longValue("used"));
        assertEquals(32 * GIB, myLimit(b, "memory_bytes").longValue("used"));
    }

    @Test
    void concurrentCreatesOfOneUserNeverExceedTheLimit() throws Exception {
        boot(QuotaDefaults.STANDARD.with(QuotaLimit.RUNNING_WORKSPACES, 1000));
        List<Future<ApiResponse>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                String name = "c" + i;
                results.add(pool.submit(() -> create(a, name, null)));
            }
        }
        int accepted = 0;
        for (Future<ApiResponse> f : results) {
            ApiResponse r = f.get();
            if (r.status() == 202) {
                accepted++;
            } else {
                assertEquals("quota_exceeded", r.error(), r.body());
                assertEquals("workspaces", r.json().object("details").string("limit"), r.body());
            }
        }
        assertEquals(10, accepted);
        assertEquals(10, server.get("/workspaces", a.token()).json().intValue("total"));
        assertEquals(10, myLimit(a, "workspaces").longValue("used"));
    }

    @Test
    void adminsRaiseLowerAndResetOneUsersLimits() {
        boot(QuotaDefaults.STANDARD);
        String admin = server.adminToken();
        ApiResponse read = server.get("/users/alice/quota", admin);
        assertEquals(200, read.status(), read.body());
        assertEquals(a.id(), read.json().string("user_id"));
        assertTrue(read.json().array("limits").objects(o -> o.bool("overridden")).stream().noneMatch(x -> x));

        ApiResponse raised = setQuota("alice", JsonObject.builder().put("workspaces", 12).put("running_workspaces", 12).build());
        assertEquals(200, raised.status(), raised.body());
        assertEquals(12, limit(raised.json(), "workspaces").longValue("allowed"));
        assertTrue(limit(raised.json(), "workspaces").bool("overridden"));
        for (int i = 0; i < 12; i++) {
            assertEquals(202, create(a, "w" + i, null).status());
        }
        assertExceeded(create(a, "w12", null), "workspaces", 12, 12, 1);
        assertEquals(10, myLimit(b, "workspaces").longValue("allowed"), "bob keeps the server's default");

        ApiResponse lowered = setQuota(a.id(), JsonObject.builder().put("workspaces", 2).build());
        assertEquals(200, lowered.status(), lowered.body());
        assertEquals(12, limit(lowered.json(), "workspaces").longValue("used"), "lowering a limit deletes nothing");
        assertExceeded(create(a, "w12", null), "workspaces", 2, 12, 1);

        server.restart();
        assertEquals(2, myLimit(a, "workspaces").longValue("allowed"), "overrides are stored");
        ApiResponse reset = setQuota("alice", JsonObject.builder().putNull("workspaces").build());
        assertEquals(200, reset.status(), reset.body());
        assertEquals(10, limit(reset.json(), "workspaces").longValue("allowed"));
        assertFalse(limit(reset.json(), "workspaces").bool("overridden"));
        assertEquals(12, limit(reset.json(), "running_workspaces").longValue("allowed"), "a limit left out is kept");

        assertEquals(400, setQuota("alice", JsonObject.builder().put("workspaces", -1).build()).status());
        assertEquals(400, setQuota("alice", JsonObject.empty()).status());
        assertEquals(404, setQuota("nobody", JsonObject.builder().put("workspaces", 1).build()).status());
        assertEquals(403, server.call("PUT", "/users/alice/quota", a.token(), "{\"workspaces\": 100}").status());
        assertEquals(10, myLimit(a, "workspaces").longValue("allowed"));
    }
}
