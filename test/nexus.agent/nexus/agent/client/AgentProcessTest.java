package nexus.agent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.agent.AgentOptions;
import nexus.agent.TestNode;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a real process against the real server process, over the agent protocol only: three workspaces
 * created through the API reach running; {@code kill -9} of the agent leaves them (and their services and port
 * forwards) running; a new agent process re-adopts them without restarting a service (same pids) and the
 * server sees them running again; deletion through the API leaves nothing; the agent that holds no workspace
 * removes its bridge and chains when it stops.
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.SSH, HostRequirement.GIT,
        HostRequirement.IPROUTE})
class AgentProcessTest {

    @Test
    void killedAgentIsReplacedAndAdoptsItsWorkspaces(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("server-data");
        String examples = TestNode.example("hello-node").getParent().toString();
        Process server = java("nexus.server/nexus.server.Main", tmp.resolve("server.log"), "serve", "--listen", "127.0.0.1:0",
                "--data", data.toString(), "--no-local-node", "--allow-local-repos", examples);
        Process agent = null;
        AgentOptions o = TestNode.options("lxc");
        try (ServerApi api = new ServerApi(URI.create(await(tmp.resolve("server.log"), "\"url\":\"(http://[^\"]+)\"")))) {
            String admin = Files.readString(data.resolve("admin.token")).strip();
            String nodeToken = api.ok("POST", "/nodes/tokens", admin, JsonObject.builder().put("name", "agent-test").build()).string("token");
            int base = 20000 + new java.util.Random().nextInt(90) * 100;
            List<String> agentArgs = List.of("serve", "--server", api.baseUrl(), "--token", nodeToken, "--driver", "lxc",
                    "--state", o.stateDir().toString(), "--bridge", o.bridge(), "--subnet", o.subnet().toString(),
                    "--image-cache", TestNode.IMAGE_CACHE.toString(), "--advertise", "127.0.0.1",
                    "--ssh-ports", base + "-" + (base + 19), "--service-ports", (base + 20) + "-" + (base + 99),
                    "--allow-local-repos", examples);
            agent = java("nexus.agent/nexus.agent.Main", tmp.resolve("agent-1.log"), agentArgs.toArray(String[]::new));
            await(tmp.resolve("agent-1.log"), "(registered as node-)");

            String invite = api.ok("POST", "/invites", admin, JsonObject.builder().put("username", "tester").build()).string("invite_token");
            List<String> key = TestNode.sshKey(tmp);
            String user = api.ok("POST", "/users/register", "none", JsonObject.builder().put("invite_token", invite)
                    .put("ssh_pubkey", key.get(1)).build()).string("token");
            List<String> ids = new ArrayList<>();
            for (String name : List.of("one", "two", "three")) {
                ids.add(api.ok("POST", "/workspaces", user, JsonObject.builder().put("name", name)
                        .put("repo", JsonObject.builder().put("url", TestNode.example("hello-node").toString()).build()).build())
                        .string("workspace_id"));
            }
            Map<String, JsonObject> running = new LinkedHashMap<>();
            for (String id : ids) {
                running.put(id, awaitStatus(api, user, id, "running", Duration.ofMinutes(10)));
            }
            Map<String, String> pids = servicePids(o, ids);

            agent.destroyForcibly().waitFor();
            for (String id : ids) {
                int sshPort = running.get(id).object("ssh").intValue("port");
                assertEquals("SSH-", TestNode.banner("127.0.0.1", sshPort),
                        "the forward of " + id + " works while no agent runs");
            }
            assertEquals(pids, servicePids(o, ids), "services keep running without the agent");

            agent = java("nexus.agent/nexus.agent.Main", tmp.resolve("agent-2.log"), agentArgs.toArray(String[]::new));
            await(tmp.resolve("agent-2.log"), "(registered as node-)");
            Instant since = Instant.now();
            for (String id : ids) {
                JsonObject ws = awaitStatus(api, user, id, "running", Duration.ofMinutes(2));
                assertEquals("healthy", ws.object("services").object("web").string("health"));
            }
            assertEquals(pids, servicePids(o, ids), "the new agent adopted the services without restarting them");
            assertFalse(Files.readString(tmp.resolve("agent-2.log")).contains("restarting services"));
            assertTrue(Instant.now().isAfter(since));

            for (String id : ids) {
                api.ok("DELETE", "/workspaces/" + id + "?force=true", user, null);
            }
            for (String id : ids) {
                awaitGone(api, user, id);
            }
            agent.destroy();
            assertEquals(143, agent.waitFor());
            assertFalse(Files.exists(Path.of("/sys/class/net", o.bridge())), "the bridge of an agent without workspaces is removed");
            assertFalse(ProcessRunner.of("iptables-save").run().stdout().contains("NEXUS-" + o.bridge()), "and its chains");
        } finally {
            if (agent != null) {
                agent.destroyForcibly().waitFor();
            }
            server.destroy();
            server.waitFor();
            cleanUp(o);
        }
    }

    @Test
    void aRejectedNodeTokenEndsTheAgentWithOneLineAndLeavesNothing(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("server-data");
        Process server = java("nexus.server/nexus.server.Main", tmp.resolve("server.log"), "serve", "--listen", "127.0.0.1:0",
                "--data", data.toString(), "--no-local-node");
        AgentOptions o = TestNode.options("lxc");
        try {
            String url = await(tmp.resolve("server.log"), "\"url\":\"(http://[^\"]+)\"");
            Process agent = java("nexus.agent/nexus.agent.Main", tmp.resolve("agent.log"), "serve", "--server", url, "--token",
                    "nxn_not-a-token", "--driver", "lxc", "--state", o.stateDir().toString(), "--bridge", o.bridge(),
                    "--subnet", o.subnet().toString(), "--image-cache", TestNode.IMAGE_CACHE.toString());
            assertTrue(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the agent gives up");
            assertEquals(1, agent.exitValue());
            String log = Files.readString(tmp.resolve("agent.log"));
            assertTrue(log.lines().anyMatch(l -> l.startsWith("nexus-agent: the server refused to register this node: ")), log);
            assertFalse(log.contains("\tat "), "no stack trace: " + log);
            assertFalse(log.contains("nxn_not-a-token"), "the token is not logged");
            assertFalse(Files.exists(Path.of("/sys/class/net", o.bridge())), "the bridge it made is gone again");
        } finally {
            server.destroy();
            server.waitFor();
            cleanUp(o);
        }
    }

    @Test
    void anAgentWhoseNodeIsRemovedStopsWithOneLineSayingWhy(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("server-data");
        Process server = java("nexus.server/nexus.server.Main", tmp.resolve("server.log"), "serve", "--listen", "127.0.0.1:0",
                "--data", data.toString(), "--no-local-node");
        AgentOptions o = TestNode.options("lxc");
        try (ServerApi api = new ServerApi(URI.create(await(tmp.resolve("server.log"), "\"url\":\"(http://[^\"]+)\"")))) {
            String admin = Files.readString(data.resolve("admin.token")).strip();
            String nodeToken = api.ok("POST", "/nodes/tokens", admin, JsonObject.builder().put("name", "removed-agent").build()).string("token");
            Process agent = java("nexus.agent/nexus.agent.Main", tmp.resolve("agent.log"), "serve", "--server", api.baseUrl(),
                    "--token", nodeToken, "--driver", "lxc", "--state", o.stateDir().toString(), "--bridge", o.bridge(),
                    "--subnet", o.subnet().toString(), "--image-cache", TestNode.IMAGE_CACHE.toString());
            await(tmp.resolve("agent.log"), "(registered as node-)");
            api.ok("DELETE", "/nodes/removed-agent", admin, null);
            assertTrue(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the agent stops");
            assertEquals(1, agent.exitValue());
            String log = Files.readString(tmp.resolve("agent.log"));
            List<String> complaints = log.lines().filter(l -> l.matches(".* (WARN|ERROR) server: .*")).toList();
            assertEquals(1, complaints.size(), log);
            assertTrue(complaints.getFirst().contains("no longer accepts this node's token") && complaints.getFirst().contains("revoked"), log);
            assertTrue(log.lines().anyMatch(l -> l.startsWith("nexus-agent: the server no longer accepts this node's token")), log);
            assertFalse(log.contains("\tat "), "no stack trace: " + log);
            assertFalse(log.contains(nodeToken), "the token is not logged");
        } finally {
            server.destroy();
            server.waitFor();
            cleanUp(o);
        }
    }

    /** Service pids as the launcher recorded them, per workspace and service. */
    private static Map<String, String> servicePids(AgentOptions o, List<String> ids) {
        Map<String, String> pids = new LinkedHashMap<>();
        for (String id : ids) {
            for (String service : List.of("api", "web")) {
                pids.put(id + "/" + service, ProcessRunner.of("lxc-attach", "-n", "nexus-" + id, "-P", o.stateDir().resolve("lxc").toString(),
                        "--", "cat", "/home/dev/.nexus/run/" + service + ".pid").check().stdout().strip());
            }
        }
        return pids;
    }

    private static JsonObject awaitStatus(ServerApi api, String token, String id, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.ok("GET", "/workspaces/" + id, token, null);
            if (last.string("status").equals(status)) {
                return last;
            }
            if (last.string("status").equals("error")) {
                throw new AssertionError("workspace " + id + " failed: " + last.object("error"));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("workspace " + id + " did not become " + status + ": " + last);
    }

    private static void awaitGone(ServerApi api, String token, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (api.call("GET", "/workspaces/" + id, token, null).status() == 404) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("workspace " + id + " was not deleted");
    }

    /** A Nexus program from the build, as build.sh documents, its output appended to {@code log}. */
    static Process java(String module, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("nexus.java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("nexus.build") + "/classes:" + System.getProperty("nexus.deps") + "/main",
                "--enable-native-access=org.xerial.sqlitejdbc", "-m", module));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** Waits for a line of {@code log} matching {@code regex}; returns its first group. */
    static String await(Path log, String regex) throws Exception {
        Pattern p = Pattern.compile(regex);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                Matcher m = p.matcher(Files.readString(log));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matching " + regex + " in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** Whatever a failed run left: the agent's containers, then its network. */
    private static void cleanUp(AgentOptions o) throws Exception {
        Path lxc = o.stateDir().resolve("lxc");
        if (Files.isDirectory(lxc)) {
            try (var s = Files.list(lxc)) {
                for (Path c : s.filter(p -> p.getFileName().toString().startsWith("nexus-ws-")).toList()) {
                    ProcessRunner.of("lxc-stop", "-k", "-n", c.getFileName().toString(), "-P", lxc.toString()).run();
                    ProcessRunner.of("lxc-destroy", "-n", c.getFileName().toString(), "-P", lxc.toString()).run();
                }
            }
        }
        new nexus.agent.network.NodeNetwork(o.bridge(), o.subnet(), o.stateDir(), false).teardown();
        ProcessRunner.of("rm", "-rf", "--one-file-system", "--", o.stateDir().getParent().toString()).run();
    }
}
