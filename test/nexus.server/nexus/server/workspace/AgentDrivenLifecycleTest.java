package nexus.server.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nexus.core.api.CreateWorkspaceResponse;
import nexus.core.api.DesiredState;
import nexus.core.api.Health;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceEvent;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.WorkspaceSpec;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A workspace driven through its whole life by an agent simulated over the HTTP protocol only. */
class AgentDrivenLifecycleTest {
    private TestServer server;
    private TestServer.User user;
    private SimulatedAgent agent;

    @BeforeEach
    void setUp() {
        server = TestServer.start(c -> c.withNodeTimeout(Duration.ofSeconds(2)));
        user = server.registerUser("dev1");
        agent = SimulatedAgent.register(server, "node-a");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static JsonObject create(String name, String url, String cloneToken) {
        return JsonObject.builder().put("name", name)
                .put("repo", JsonObject.builder().put("url", url).put("branch", "main").build())
                .put("clone_token", cloneToken).build();
    }

    private Workspace status(String ws) {
        ApiResponse r = server.get("/workspaces/" + ws, user.token());
        assertEquals(200, r.status(), r.body());
        return Workspace.fromJson(r.json());
    }

    private static ServiceStatus running(int port, int mapped) {
        return new ServiceStatus(ServiceState.RUNNING, Health.HEALTHY, port, mapped, "http://localhost:" + mapped,
                Instant.now(), 0, null);
    }

    @Test
    void pendingToRunningThenStopStartRestartAndDelete() throws Exception {
        // The agent waits for work; the create wakes its long-poll.
        long v0 = agent.assignments(-1, 0).version();
        CompletableFuture<Assignments> woken = CompletableFuture.supplyAsync(() -> agent.assignments(v0, 30));
        ApiResponse created = server.post("/workspaces", user.token(), create("shop", "/srv/repos/shop", "ghp_clonesecret"));
        assertEquals(202, created.status(), created.body());
        CreateWorkspaceResponse c = CreateWorkspaceResponse.fromJson(created.json());
        assertEquals(WorkspaceState.PENDING, c.status());
        assertEquals("/api/v1/workspaces/" + c.workspaceId() + "/events", c.pollingUrl());
        assertEquals("dev", c.ssh().user());
        assertTrue(c.ssh().port() >= 2222 && c.ssh().port() <= 2299);

        Assignments a = woken.get(30, TimeUnit.SECONDS);
        assertTrue(a.version() > v0);
        WorkspaceSpec spec = a.workspaces().getFirst();
        assertEquals(c.workspaceId(), spec.workspaceId());
        assertEquals(DesiredState.RUNNING, spec.desiredState());
        assertEquals(1, spec.generation());
        assertEquals("/srv/repos/shop", spec.repo().url());
        assertEquals("shop", spec.repo().name());
        assertEquals(c.ssh().port(), spec.sshPort());
        assertEquals(8, spec.servicePorts().size(), "no config: the default block of service ports");
        assertEquals(List.of(user.publicKey()), spec.authorizedKeys());
        assertEquals("ghp_clonesecret", spec.cloneToken());
        assertEquals("dev1", spec.owner());

        // Creating, with an events long-poll waiting for it.
        Workspace before = status("shop");
        assertEquals(WorkspaceState.PENDING, before.status());
        assertEquals(Phase.SCHEDULED, before.phase());
        CompletableFuture<ApiResponse> event = CompletableFuture.supplyAsync(() ->
                server.get("/workspaces/shop/events?since=" + before.version() + "&wait=30", user.token()));
        assertEquals(204, agent.report(spec, WorkspaceState.CREATING, Phase.CLONE).status());
        WorkspaceEvent e = WorkspaceEvent.fromJson(event.get(30, TimeUnit.SECONDS).json());
        assertTrue(e.changed());
        assertEquals(WorkspaceState.CREATING, e.workspace().status());
        assertEquals(Phase.CLONE, e.workspace().phase());
        assertEquals(Phase.SCHEDULED, e.workspace().timeline().getFirst().phase(), "the server's scheduled entry stays first");
        assertEquals(Phase.CLONE, e.workspace().timeline().getLast().phase());
        assertEquals("ghp_clonesecret", agent.spec(c.workspaceId()).cloneToken(), "still cloning: the token is still given");

        // Running, with services and host keys.
        assertEquals(204, agent.report(false, SimulatedAgent.observe(spec.workspaceId(), 1, WorkspaceState.RUNNING, Phase.READY,
                Map.of("web", running(5173, spec.servicePorts().getFirst())), null,
                new RepoState(0, 0, Instant.now()))).status());
        Workspace up = status("shop");
        assertEquals(WorkspaceState.RUNNING, up.status());
        assertNotNull(up.readyAt());
        assertEquals(ServiceState.RUNNING, up.services().get("web").status());
        assertEquals(1, up.ssh().hostKeys().size());
        assertEquals(up.ssh().hostKeys(), server.get("/workspaces/shop/ssh", user.token()).json().strings("host_keys"));
        assertEquals(1, server.get("/workspaces/" + c.workspaceId() + "/services", user.token()).json().object("services").keys().size());
        assertNull(agent.spec(c.workspaceId()).cloneToken(), "past the clone, the token is forgotten");

        // Stop: the agent's long-poll wakes; a stale report does not undo "stopping".
        long v1 = agent.assignments(-1, 0).version();
        CompletableFuture<Assignments> stopWake = CompletableFuture.supplyAsync(() -> agent.assignments(v1, 30));
        ApiResponse stop = server.post("/workspaces/shop/stop", user.token(), null);
        assertEquals(202, stop.status(), stop.body());
        assertEquals("stopping", stop.json().string("status"));
        WorkspaceSpec stopSpec = stopWake.get(30, TimeUnit.SECONDS).workspaces().getFirst();
        assertEquals(DesiredState.STOPPED, stopSpec.desiredState());
        assertEquals(2, stopSpec.generation());
        agent.report(false, SimulatedAgent.observe(spec.workspaceId(), 1, WorkspaceState.RUNNING, Phase.READY, Map.of(), null, null));
        assertEquals(WorkspaceState.STOPPING, status("shop").status(), "an observation of generation 1 cannot undo generation 2");
        agent.report(stopSpec, WorkspaceState.STOPPED, null);
        assertEquals(WorkspaceState.STOPPED, status("shop").status());
        assertEquals(202, server.post("/workspaces/shop/stop", user.token(), null).status(), "stopping a stopped workspace is a no-op");
        ApiResponse restartStopped = server.post("/workspaces/shop/restart", user.token(), null);
        assertEquals(409, restartStopped.status());
        assertEquals("stopped", restartStopped.json().object("details").string("status"));
        assertTrue(restartStopped.json().string("message").contains("start it"), restartStopped.body());

        // Start, then restart (services restart once per restart_generation).
        assertEquals("starting", server.post("/workspaces/shop/start", user.token(), null).json().string("status"));
        WorkspaceSpec startSpec = agent.spec(c.workspaceId());
        assertEquals(DesiredState.RUNNING, startSpec.desiredState());
        agent.report(startSpec, WorkspaceState.RUNNING, null);
        assertEquals(WorkspaceState.RUNNING, status("shop").status());
        ApiResponse restart = server.post("/workspaces/shop/restart", user.token(), null);
        assertEquals(202, restart.status(), restart.body());
        WorkspaceSpec restartSpec = agent.spec(c.workspaceId());
        assertEquals(startSpec.restartGeneration() + 1, restartSpec.restartGeneration());
        agent.report(restartSpec, WorkspaceState.RUNNING, null);

        // Delete: refused while the clone holds unsaved work, running or stopped; force overrides only that.
        agent.report(false, SimulatedAgent.observe(spec.workspaceId(), restartSpec.generation(), WorkspaceState.RUNNING, null, Map.of(),
                null, new RepoState(1, 0, Instant.now())));
        ApiResponse running = server.delete("/workspaces/shop", user.token());
        assertEquals(409, running.status(), running.body());
        assertEquals("conflict", running.error());
        assertEquals(1, running.json().object("details").intValue("uncommitted_files"));
        server.post("/workspaces/shop/stop", user.token(), null);
        WorkspaceSpec stopped = agent.spec(c.workspaceId());
        agent.report(false, SimulatedAgent.observe(spec.workspaceId(), stopped.generation(), WorkspaceState.STOPPED, null, Map.of(), null,
                new RepoState(2, 1, Instant.now())));
        ApiResponse unsaved = server.delete("/workspaces/shop", user.token());
        assertEquals(409, unsaved.status(), unsaved.body());
        assertEquals(2, unsaved.json().object("details").intValue("uncommitted_files"));
        assertEquals(1, unsaved.json().object("details").intValue("unpushed_commits"));
        ApiResponse forced = server.delete("/workspaces/shop?force=true", user.token());
        assertEquals(202, forced.status(), forced.body());
        assertEquals("deleting", forced.json().string("status"));
        WorkspaceSpec deleteSpec = agent.spec(c.workspaceId());
        assertEquals(DesiredState.DELETED, deleteSpec.desiredState());
        assertTrue(deleteSpec.force());
        assertEquals(409, server.post("/workspaces/shop/start", user.token(), null).status(), "nothing but delete while deleting");
        ApiResponse nameTaken = server.post("/workspaces", user.token(), create("shop", "/srv/repos/shop", null));
        assertEquals(409, nameTaken.status());
        assertEquals("workspace_exists", nameTaken.error());

        // The agent confirms: the workspace, its ports and its name are free.
        long lastVersion = status("shop").version();
        CompletableFuture<ApiResponse> lastEvent = CompletableFuture.supplyAsync(() ->
                server.get("/workspaces/" + c.workspaceId() + "/events?since=" + lastVersion + "&wait=30", user.token()));
        agent.report(deleteSpec, WorkspaceState.DELETED, null);
        assertEquals(404, lastEvent.get(30, TimeUnit.SECONDS).status());
        assertEquals(404, server.get("/workspaces/shop", user.token()).status());
        assertTrue(agent.assignments(-1, 0).workspaces().isEmpty());
        ApiResponse again = server.post("/workspaces", user.token(), create("shop", "/srv/repos/shop", null));
        assertEquals(202, again.status(), again.body());
        assertEquals(c.ssh().port(), again.json().object("ssh").intValue("port"), "the freed SSH port is the lowest free one again");
    }

    @Test
    void nodeGoesOfflineAndComesBack() throws Exception {
        ApiResponse created = server.post("/workspaces", user.token(), create("api", "https://github.com/acme/api", null));
        String id = created.json().string("workspace_id");
        WorkspaceSpec spec = agent.spec(id);
        agent.report(spec, WorkspaceState.RUNNING, Phase.READY);
        long version = status("api").version();

        // Silence: after the node timeout the node is offline and the workspace unknown (an event says so).
        ApiResponse event = server.get("/workspaces/api/events?since=" + version + "&wait=30", user.token());
        assertEquals(200, event.status());
        assertEquals("unknown", event.json().object("workspace").string("status"));
        ApiResponse nodes = server.get("/nodes", server.adminToken());
        assertEquals("offline", nodes.json().array("nodes").objects(o -> o.string("state")).getFirst());
        assertEquals("unknown", server.get("/workspaces?status=unknown", user.token()).json().array("workspaces")
                .objects(o -> o.string("status")).getFirst());
        ApiResponse stop = server.post("/workspaces/api/stop", user.token(), null);
        assertEquals(409, stop.status());
        assertTrue(stop.json().string("message").contains("offline"), stop.body());
        ApiResponse noNode = server.post("/workspaces", user.token(), create("other", "https://github.com/acme/api", null));
        assertEquals(503, noNode.status(), "an offline node takes no new workspaces");
        assertEquals("no_node_available", noNode.error());

        // It can still be marked for deletion (forced: it was running); the node deletes it when it returns.
        assertEquals(202, server.delete("/workspaces/api?force=true", user.token()).status());
        assertEquals("deleting", status("api").status().wire());

        // A heartbeat brings the node back; its report completes the deletion.
        assertEquals(204, agent.heartbeat().status());
        assertEquals("online", server.get("/nodes", server.adminToken()).json().array("nodes").objects(o -> o.string("state")).getFirst());
        WorkspaceSpec deleting = agent.spec(id);
        assertEquals(DesiredState.DELETED, deleting.desiredState());
        agent.report(true);
        assertEquals(404, server.get("/workspaces/api", user.token()).status(), "a complete report without it confirms it gone");
        server.awaitLogLine("\"msg\":\"node offline\"");
        server.awaitLogLine("\"msg\":\"node online\"");
    }

    @Test
    void aNodeThatRegistersWithANewAddressMovesItsWorkspacesSshHost() {
        String id = server.post("/workspaces", user.token(), create("moved", "/srv/repos/moved", null)).json().string("workspace_id");
        agent.report(agent.spec(id), WorkspaceState.RUNNING, Phase.READY);
        Workspace before = status("moved");
        assertEquals("10.0.0." + (1 + Math.abs("node-a".hashCode() % 200)), before.ssh().host());

        // The agent restarts on a host with a new address while a client waits for news of the workspace.
        var waiting = CompletableFuture.supplyAsync(() ->
                server.get("/workspaces/moved/events?since=" + before.version() + "&wait=30", user.token()));
        assertEquals(200, agent.register(new NodeRegistration("node-a.host", "192.0.2.7", List.of("lxc", "sandbox"),
                new Capacity(4, 8192, 100_000, 50), PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES, "0.1.0-test")).status());
        ApiResponse event = waiting.join();
        assertEquals(200, event.status(), event.body());
        assertTrue(event.json().bool("changed"), "the waiter is woken by the move, not by the end of its wait");
        assertEquals("running", event.json().object("workspace").string("status"),
                "woken at once, not when the node went silent for its 2 s timeout");
        assertEquals("192.0.2.7", event.json().object("workspace").object("ssh").string("host"));
        assertEquals("192.0.2.7", status("moved").ssh().host());
        assertTrue(status("moved").version() > before.version());
    }

    @Test
    void aGitHubRenameWakesTheWaitersOfTheOwnersWorkspacesWithTheNewName() {
        String id = server.post("/workspaces", user.token(), create("named", "/srv/repos/named", null)).json().string("workspace_id");
        agent.report(agent.spec(id), WorkspaceState.RUNNING, Phase.READY);
        Workspace before = status("named");
        assertEquals("dev1", before.owner());

        // The user renames their GitHub account and logs in again while a client waits for news of the workspace.
        var waiting = CompletableFuture.supplyAsync(() ->
                server.get("/workspaces/named/events?since=" + before.version() + "&wait=30", user.token()));
        server.github().state().renameUser("dev1", "dev-one");
        ApiResponse again = server.post("/users/register", null, JsonObject.builder().put("github_token", user.githubToken())
                .put("ssh_pubkey", user.publicKey()).build());
        assertEquals(200, again.status(), again.body());
        assertEquals(user.id(), again.json().string("user_id"), "the same account, under its new name");
        ApiResponse event = waiting.join();
        assertEquals(200, event.status(), event.body());
        assertTrue(event.json().bool("changed"), "the waiter is woken by the rename, not by the end of its wait");
        assertEquals("running", event.json().object("workspace").string("status"),
                "woken at once, not when the node went silent for its 2 s timeout");
        assertEquals("dev-one", event.json().object("workspace").string("owner"));
        assertTrue(status("named").version() > before.version());
    }

    @Test
    void aRunningWorkspaceWithoutUnsavedWorkIsStoppedAndDeletedWithoutForce() {
        String id = server.post("/workspaces", user.token(), create("busy", "/srv/repos/busy", null)).json().string("workspace_id");
        agent.report(false, SimulatedAgent.observe(id, agent.spec(id).generation(), WorkspaceState.RUNNING, Phase.READY, Map.of(),
                null, new RepoState(0, 0, Instant.now())));
        ApiResponse deleted = server.delete("/workspaces/busy", user.token());
        assertEquals(202, deleted.status(), deleted.body());
        assertEquals("deleting", deleted.json().string("status"));
        WorkspaceSpec spec = agent.spec(id);
        assertEquals(DesiredState.DELETED, spec.desiredState());
        assertEquals(false, spec.force(), "not forced: the node still keeps unsaved work it finds at the last moment");
    }

    @Test
    void aNodeThatReturnsShowsItsWorkspacesAgain() {
        String id = server.post("/workspaces", user.token(), create("svc", "/srv/repos/svc", null)).json().string("workspace_id");
        agent.report(agent.spec(id), WorkspaceState.RUNNING, Phase.READY);
        long v = status("svc").version();
        assertEquals("unknown", server.get("/workspaces/svc/events?since=" + v + "&wait=30", user.token())
                .json().object("workspace").string("status"));
        agent.report(agent.spec(id), WorkspaceState.RUNNING, Phase.READY);
        assertEquals(WorkspaceState.RUNNING, status("svc").status(), "any sign of life (a report) brings the node back");
    }

    @Test
    void newKeysReachTheNodeWithoutHoldingBackReportsOfTheCurrentState() {
        String id = server.post("/workspaces", user.token(), create("keys", "/srv/repos/keys", null)).json().string("workspace_id");
        WorkspaceSpec first = agent.spec(id);
        agent.report(first, WorkspaceState.RUNNING, Phase.READY);
        long v = agent.assignments(-1, 0).version();
        String key = nexus.server.testing.Keys.ed25519("second-laptop");
        assertEquals(201, server.post("/users/me/keys", user.token(), JsonObject.builder().put("public_key", key).build()).status());
        Assignments after = agent.assignments(v, 30);
        WorkspaceSpec second = after.workspaces().getFirst();
        assertTrue(after.version() > v, "a key change wakes the node");
        assertEquals(first.generation() + 1, second.generation());
        assertEquals(List.of(user.publicKey(), key), second.authorizedKeys());
        // The agent, not yet done with the new spec, sees a service fail: that report still counts.
        agent.report(first, WorkspaceState.ERROR, Phase.READY);
        assertEquals(WorkspaceState.ERROR, status("keys").status());
    }

    @Test
    void lostInstancesAndRejectedReports() {
        String id = server.post("/workspaces", user.token(), create("gone", "/srv/repos/gone", null)).json().string("workspace_id");
        WorkspaceSpec spec = agent.spec(id);
        agent.report(spec, WorkspaceState.DELETED, null);
        Workspace w = status("gone");
        assertEquals(WorkspaceState.ERROR, w.status());
        assertEquals("instance_missing", w.error().code());
        ApiResponse unknown = agent.report(spec, WorkspaceState.UNKNOWN, null);
        assertEquals(400, unknown.status());
        assertEquals("workspaces[0].state", unknown.json().object("details").string("field"));
        ApiResponse bogus = agent.report(false, SimulatedAgent.observe("ws-aaaaaaaaaaaaaaaaaaaa", 1, WorkspaceState.RUNNING, null, Map.of(), null, null));
        assertEquals(204, bogus.status(), "observations of workspaces not assigned here are ignored");
        assertEquals(202, server.post("/workspaces/gone/start", user.token(), null).status(), "start retries an errored workspace");
        assertFalse(server.log().stream().anyMatch(l -> l.contains("\"level\":\"error\"")), "no server errors");
    }
}
