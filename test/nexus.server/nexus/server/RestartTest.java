package nexus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import nexus.core.api.Phase;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.WorkspaceSpec;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Stopping the server and starting it on the same data directory loses nothing. */
class RestartTest {

    @Test
    void everythingSurvivesARestart() {
        try (TestServer server = TestServer.start()) {
            String admin = server.adminToken();
            TestServer.User user = server.registerUser("persist");
            SimulatedAgent agent = SimulatedAgent.register(server, "keeper");
            ApiResponse c1 = server.post("/workspaces", user.token(), JsonObject.builder().put("name", "running-one")
                    .put("repo", JsonObject.builder().put("url", "/srv/one").build()).put("clone_token", "ghp_temporary").build());
            ApiResponse c2 = server.post("/workspaces", user.token(), JsonObject.builder().put("name", "creating-one")
                    .put("repo", JsonObject.builder().put("url", "/srv/two").build()).put("clone_token", "ghp_lost").build());
            String id1 = c1.json().string("workspace_id");
            String id2 = c2.json().string("workspace_id");
            agent.report(false, SimulatedAgent.observe(id1, 1, WorkspaceState.RUNNING, Phase.READY, Map.of(), null, null));
            agent.report(false, SimulatedAgent.observe(id2, 1, WorkspaceState.CREATING, Phase.CLONE, Map.of(), null, null));
            Workspace before1 = Workspace.fromJson(server.get("/workspaces/" + id1, user.token()).json());
            Workspace before2 = Workspace.fromJson(server.get("/workspaces/" + id2, user.token()).json());
            Assignments assignmentsBefore = agent.assignments(-1, 0);

            server.restart();

            assertEquals(200, server.get("/nodes", admin).status(), "the admin token still works");
            assertEquals(200, server.get("/users/me", user.token()).status(), "the user token still works");
            assertEquals(1, server.get("/users/me/keys", user.token()).json().array("keys").size());
            Workspace after1 = Workspace.fromJson(server.get("/workspaces/" + id1, user.token()).json());
            Workspace after2 = Workspace.fromJson(server.get("/workspaces/creating-one", user.token()).json());
            assertEquals(before1, after1);
            assertEquals(before2, after2, "a creating workspace is still creating: its node carries on");
            assertEquals(2, server.get("/workspaces", user.token()).json().intValue("total"));

            // The node's token, id, and assignments are the same; clone tokens lived in memory only.
            assertEquals(200, agent.register(new nexus.core.protocol.NodeRegistration("keeper.host", "10.0.0.9",
                    List.of("lxc"), new nexus.core.protocol.Capacity(4, 8192, 100_000, 50),
                    nexus.core.protocol.PortRange.DEFAULT_SSH, nexus.core.protocol.PortRange.DEFAULT_SERVICES, "0.1.0-test")).status());
            Assignments after = agent.assignments(-1, 0);
            assertEquals(assignmentsBefore.version(), after.version());
            for (WorkspaceSpec s : after.workspaces()) {
                WorkspaceSpec was = assignmentsBefore.workspaces().stream().filter(b -> b.workspaceId().equals(s.workspaceId()))
                        .findFirst().orElseThrow();
                assertEquals(was.sshPort(), s.sshPort());
                assertEquals(was.servicePorts(), s.servicePorts());
                assertEquals(was.generation(), s.generation());
                assertNull(s.cloneToken());
            }
            assertEquals(1, server.log().stream().filter(l -> l.contains("first start")).count(),
                    "no second admin token is minted on restart");
            assertEquals(2, server.log().stream().filter(l -> l.contains("\"msg\":\"listening\"")).count());
        }
    }
}
