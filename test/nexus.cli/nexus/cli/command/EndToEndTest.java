package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.Leftovers;
import nexus.cli.ServerProcess;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole user flow for real (issue 5): a temp HOME with nothing configured, `nexus up examples/hello-node`
 * starts a local server (the real server with its embedded agent, from build/classes) and gets the workspace
 * running; the SSH config include, host block and pinned known_hosts let `ssh nexus-<ws> true` in with host key
 * checking on; the forward makes the service answer on localhost; `connect --editor none --json` gives the deep
 * link; the workspace commands work on it; `delete --yes` removes the SSH block and ends the forward. The driver
 * is NEXUS_E2E_DRIVER (default sandbox).
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.BWRAP, HostRequirement.SSHD, HostRequirement.SSH, HostRequirement.GIT})
class EndToEndTest {
    private static final String WS = "hello-node";

    @TempDir
    Path tmp;
    CliRun cli;
    String bridge;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(System.getProperty("nexus.root"), "examples/hello-node")),
                "examples/hello-node is not in this checkout yet (it comes with the agent)");
        cli = new CliRun(tmp);
        // a bridge and subnet of its own, beside any real installation; the base image cache is shared between runs
        bridge = "nxe" + Long.toString(System.nanoTime() % 1_000_000, 36);
        cli.env("NEXUS_AGENT_BRIDGE", bridge);
        cli.env("NEXUS_AGENT_SUBNET", freeSubnet());
        cli.env("NEXUS_AGENT_IMAGE_CACHE", "/var/tmp/nexus-test-images");
        String driver = System.getenv().getOrDefault("NEXUS_E2E_DRIVER", "sandbox");
        cli.env("NEXUS_SERVER_COMMAND", ServerProcess.wrapper(tmp.resolve("server-bin"), List.of("--driver", driver)).toString());
        cli.cwd(Path.of(System.getProperty("nexus.root")));
    }

    @AfterEach
    void cleanUp() {
        if (cli == null) {
            return;
        }
        cli.run("ws", "delete", "hello-two", "--yes", "--force", "--timeout", "2m");
        cli.run("ws", "forward", WS, "--stop");
        cli.run("ws", "delete", WS, "--yes", "--force", "--timeout", "2m");
        cli.run("server", "--stop"); // also stops forwarders to it
        Leftovers.stopProcessesUnder(tmp);
        if (!networkGone()) {
            removeNetwork(); // a failed run may stop the server before its agent could clean up: leave nothing behind
        }
    }

    /** Whether the agent removed its bridge (it does when it stops holding no workspace); waits a little for it. */
    private boolean networkGone() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!Files.exists(Path.of("/sys/class/net", bridge))) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The bridge and the iptables chains the agent names after it (see nexus.agent.network.Firewall). */
    private void removeNetwork() {
        String fwd = "NEXUS-" + bridge + "-FWD";
        String dnat = "NEXUS-" + bridge + "-DNAT";
        String post = "NEXUS-" + bridge + "-POST";
        List<List<String>> commands = List.of(
                List.of("iptables", "-D", "FORWARD", "-j", fwd), List.of("iptables", "-F", fwd), List.of("iptables", "-X", fwd),
                List.of("iptables", "-t", "nat", "-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat),
                List.of("iptables", "-t", "nat", "-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat),
                List.of("iptables", "-t", "nat", "-F", dnat), List.of("iptables", "-t", "nat", "-X", dnat),
                List.of("iptables", "-t", "nat", "-D", "POSTROUTING", "-j", post),
                List.of("iptables", "-t", "nat", "-F", post), List.of("iptables", "-t", "nat", "-X", post),
                List.of("ip", "link", "delete", bridge));
        commands.forEach(c -> ProcessRunner.of(c).timeout(Duration.ofSeconds(10)).run());
    }

    /** A 10.x.0.0/16 no route on this host overlaps. */
    private static String freeSubnet() {
        String routes = ProcessRunner.of("ip", "-4", "route", "show").run().stdout();
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 100; i++) {
            int x = 100 + random.nextInt(150);
            if (!routes.contains("10." + x + ".")) {
                return "10." + x + ".0.0/16";
            }
        }
        throw new IllegalStateException("no free 10.x.0.0/16 subnet on this host");
    }

    private static JsonObject ok(CliRun.Result r, String schema) {
        assertEquals(0, r.exit(), r.toString());
        DocumentedSchemas.check(schema, r.json());
        return r.jsonObject();
    }

    /** Waits until the web service answers through the forward again (the forwarder reconnects with backoff). */
    private static void awaitForwarded(int port, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/e2e.txt").contains(marker)) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("localhost:" + port + " never answered again");
    }

    private static String get(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void upSshForwardConnectAndDelete() throws Exception {
        JsonObject up = ok(cli.run("up", "examples/hello-node", "--editor", "none", "--json", "--timeout", "10m"), "up");
        JsonObject ws = up.object("workspace");
        assertEquals(WS, ws.string("name"));
        assertEquals("running", ws.string("status"));
        assertEquals("ssh nexus-hello-node", up.string("ssh_command"));

        // running it again resumes: every step finds its work done
        JsonObject again = ok(cli.run("up", "examples/hello-node", "--editor", "none", "--json"), "up");
        for (JsonObject step : again.objects("steps", s -> s)) {
            if (List.of("server", "ssh_key", "register", "server_key", "workspace").contains(step.string("name"))) {
                assertEquals("skipped", step.string("status"), step.toString());
            }
        }

        // SSH: one Include in the user's config, the Host block, the workspace's own keys pinned for [host]:port
        Path home = cli.home();
        String userConfig = Files.readString(home.resolve(".ssh/config"));
        assertTrue(userConfig.startsWith("Include " + home.resolve(".ssh/nexus/config")), userConfig);
        String block = Files.readString(home.resolve(".ssh/nexus/config"));
        JsonObject sshInfo = ws.object("ssh");
        assertTrue(block.contains("Host nexus-hello-node\n  HostName " + sshInfo.string("host") + "\n  Port " + sshInfo.intValue("port")), block);
        String knownHosts = Files.readString(home.resolve(".ssh/nexus/known_hosts"));
        assertTrue(knownHosts.contains("[" + sshInfo.string("host") + "]:" + sshInfo.intValue("port") + " "), knownHosts);
        // ssh reads ~/.ssh/config of the passwd entry, not $HOME: point it at the temp HOME's file explicitly
        ProcessRunner.Result ssh = ProcessRunner.of("ssh", "-F", home.resolve(".ssh/config").toString(), "-o", "BatchMode=yes",
                "nexus-hello-node", "true").timeout(Duration.ofSeconds(30)).run();
        assertEquals(0, ssh.exitCode(), ssh.stderr());
        String effective = ProcessRunner.of("ssh", "-G", "-F", home.resolve(".ssh/config").toString(), "nexus-hello-node").check().stdout();
        assertTrue(effective.contains("stricthostkeychecking true"), effective);

        // forwards: started by up; each service answers on localhost at its URL
        JsonObject services = ok(cli.run("ws", "services", WS, "--json"), "services");
        List<JsonObject> list = services.objects("services", s -> s);
        assertFalse(list.isEmpty());
        for (JsonObject s : list) {
            assertEquals("listening", s.object("forward").string("state"), s.toString());
        }
        JsonObject web = list.stream().filter(s -> s.string("name").equals("web")).findFirst().orElseThrow();
        int webPort = URI.create(web.string("local_url")).getPort();
        // a file only this workspace has, so what answers on localhost is provably this workspace (other agents on a
        // shared test host may use the same port numbers)
        String marker = "nexus-e2e-" + System.nanoTime();
        assertEquals(0, cli.run("ws", "exec", WS, "--", "sh", "-c", "echo " + marker + " > workspace/web/public/e2e.txt").exit());
        assertEquals(marker, get(webPort, "/e2e.txt").strip(), "the web service answers through the forward");

        // connect without an editor: the SSH command and the deep link
        JsonObject connect = ok(cli.run("ws", "connect", WS, "--editor", "none", "--json"), "connect");
        assertEquals("vscode://vscode-remote/ssh-remote+nexus-hello-node/home/dev/workspace", connect.string("deep_link"));
        assertFalse(connect.bool("launched"));

        // the other commands on a running workspace
        ok(cli.run("ws", "list", "--json"), "workspace list");
        ok(cli.run("ws", "status", WS, "--json"), "workspace");
        JsonObject exec = ok(cli.run("ws", "exec", WS, "--json", "--", "sh", "-c", "echo \"$0 $1\"", "two words", "x"), "exec");
        assertEquals("two words x\n", exec.string("stdout"), "each word arrives as given");
        assertEquals(0, exec.intValue("exit_code"));
        assertEquals(3, cli.run("ws", "exec", WS, "--", "sh", "-c", "exit 3").exit(), "the remote exit code is passed through");
        ok(cli.run("ws", "logs", WS, "--service", "web", "--json"), "logs");
        ok(cli.run("ws", "forward", WS, "--json"), "forward"); // already running: reports it
        ok(cli.run("ws", "status", WS, "--watch", "--json"), "workspace");

        // stop and start: the forwarder waits while the workspace is stopped and forwards again once it runs
        assertEquals("stopped", ok(cli.run("ws", "stop", WS, "--json"), "workspace").string("status"));
        assertEquals("running", ok(cli.run("ws", "start", WS, "--json"), "workspace").string("status"));
        awaitForwarded(webPort, marker);
        assertEquals("running", ok(cli.run("ws", "restart", WS, "--json"), "workspace").string("status"));
        awaitForwarded(webPort, marker);
        assertTrue(ok(cli.run("ws", "forward", WS, "--stop", "--json"), "forward stop").bool("stopped"));
        JsonObject restarted = ok(cli.run("ws", "forward", WS, "--json"), "forward");
        assertTrue(restarted.objects("forwards", f -> f.string("state")).stream().allMatch("listening"::equals), restarted.toString());
        long forwarder = restarted.longValue("pid");

        // a second workspace from the same directory, not waited for: the summary of a workspace on its way
        JsonObject second = ok(cli.run("ws", "create", "examples/hello-node", "--name", "hello-two", "--no-wait", "--json"), "summary");
        assertEquals("hello-two", second.object("workspace").string("name"));
        ok(cli.run("ws", "delete", "hello-two", "--yes", "--json"), "delete"); // no unsaved work: no --force needed

        // the running workspace holds a file made above: deleting it is refused, naming it, until --force
        CliRun.Result refused = cli.run("ws", "delete", WS, "--yes", "--json");
        assertEquals(5, refused.exit(), refused.toString());
        assertEquals(1, refused.jsonObject().object("details").intValue("uncommitted_files"), refused.stdout());
        // delete: the SSH block and pinned keys go, the forward ends
        JsonObject deleted = ok(cli.run("ws", "delete", WS, "--yes", "--force", "--json"), "delete");
        assertTrue(deleted.bool("ssh_config_removed"));
        assertTrue(deleted.bool("forward_stopped"));
        assertFalse(Files.readString(home.resolve(".ssh/nexus/config")).contains("nexus-hello-node"));
        assertFalse(Files.readString(home.resolve(".ssh/nexus/known_hosts")).contains("nexus-hello-node"));
        assertFalse(Files.exists(home.resolve(".local/state/nexus/forwards/hello-node.json")));
        ProcessHandle.of(forwarder).ifPresent(h -> assertFalse(h.onExit().completeOnTimeout(h, 10, java.util.concurrent.TimeUnit.SECONDS)
                .join().isAlive(), "the forwarder process ended"));
        try {
            assertFalse(get(webPort, "/e2e.txt").contains(marker), "the deleted workspace no longer answers on localhost");
        } catch (java.io.IOException expected) {
            // nothing listens there any more
        }

        // stopping the local server leaves nothing on the host: no process, no bridge
        JsonObject stopped = ok(cli.run("server", "--stop", "--json"), "server");
        assertEquals("stopped", stopped.string("action"));
        assertTrue(networkGone(), "the agent removed its bridge " + bridge);
        assertEquals(List.of(), Leftovers.stopProcessesUnder(tmp), "no process of this test is left");
    }
}
