package nexus.cli.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import nexus.cli.SshAgent;
import nexus.cli.Sshd;
import nexus.cli.TestKeys;
import nexus.cli.api.ApiException;
import nexus.cli.ssh.LoginKey;
import nexus.cli.ssh.SshConfigFiles;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.DesiredState;
import nexus.core.api.ErrorBody;
import nexus.core.api.Health;
import nexus.core.api.Repository;
import nexus.core.api.ServiceState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.SshInfo;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a real sshd standing in for a workspace, and a real HTTP service behind it: forwards
 * bind and carry traffic, a taken port is reported and retried, a dropped connection is re-established, a
 * wrong host key is refused, and the forwarder ends when the workspace is deleted.
 */
@SystemTest({HostRequirement.ROOT, HostRequirement.SSHD, HostRequirement.SSH})
class ForwardDaemonTest {
    private static final ForwardDaemon.Timing FAST = new ForwardDaemon.Timing(300, 500, 500);

    @TempDir
    Path tmp;
    Sshd sshd;
    TinyHttp service;
    Path key;
    LoginKey loginKey;
    SshConfigFiles ssh;
    ForwardFiles files;
    final AtomicReference<Object> source = new AtomicReference<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    ForwardDaemon daemon;
    Thread thread;

    @BeforeEach
    void setUp() throws Exception {
        key = tmp.resolve("home/.ssh/id_ed25519");
        Files.createDirectories(key.getParent());
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).check();
        String pub = Files.readString(key.resolveSibling("id_ed25519.pub")).strip();
        loginKey = new LoginKey(SshKeyPair.of(key, key.resolveSibling("id_ed25519.pub"), pub), null);
        sshd = new Sshd(tmp.resolve("sshd"), pub);
        service = new TinyHttp("hello from the workspace");
        ssh = new SshConfigFiles(tmp.resolve("home/.ssh"), tmp.resolve("home/.ssh/nexus"));
        files = new ForwardFiles(tmp.resolve("state/forwards"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.stop();
            thread.join(5000);
        }
        service.close();
        sshd.close();
    }

    private Workspace workspace(WorkspaceState state, Map<String, ServiceStatus> services, String hostKey) {
        Instant now = Instant.now();
        return new Workspace("ws-test", "shop", "user-1", "tester", state, null, DesiredState.RUNNING,
                new Repository("/tmp/shop", null, "shop", null), "sandbox", null, null,
                new SshInfo("127.0.0.1", sshd.port, "root", List.of(), List.of(hostKey)), services, List.of(), null, null,
                now, now, now, 1);
    }

    private static ServiceStatus service(int port, int mapped) {
        return new ServiceStatus(ServiceState.RUNNING, Health.HEALTHY, port, mapped, "http://localhost:" + mapped, null, 0, null);
    }

    private void startDaemon() {
        daemon = new ForwardDaemon("shop", "http://127.0.0.1:1", () -> {
            Object v = source.get();
            if (v instanceof RuntimeException e) {
                throw e;
            }
            return (Workspace) v;
        }, loginKey, ssh, files, new PrintStream(log, true, StandardCharsets.UTF_8), FAST);
        thread = Thread.ofPlatform().start(daemon::run);
    }

    private ForwardState awaitState(Predicate<ForwardState> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<ForwardState> s = Optional.empty();
        while (System.nanoTime() < deadline) {
            s = files.read("shop");
            if (s.isPresent() && condition.test(s.get())) {
                return s.get();
            }
            Sshd.sleep(50);
        }
        throw new AssertionError("forwarder never reached the expected state; last " + s + "\nlog:\n" + log);
    }

    private static String get(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static boolean listening(ForwardState s, String service) {
        return s.connection().equals("connected")
                && s.forwards().stream().anyMatch(f -> f.service().equals(service) && f.state().equals("listening"));
    }

    @Test
    void forwardsCarryTrafficAndSurviveADroppedConnection() throws Exception {
        int local = Sshd.freePort();
        source.set(workspace(WorkspaceState.RUNNING, Map.of("web", service(service.port(), local)), sshd.hostKeyLine));
        startDaemon();
        awaitState(s -> listening(s, "web"));
        assertEquals("hello from the workspace", get(local));
        assertTrue(Files.readString(ssh.knownHosts()).contains("[127.0.0.1]:" + sshd.port + " ssh-ed25519 "), "the host key is pinned");

        sshd.stop(); // the workspace's sshd goes away: the forwarder notices and waits to reconnect
        awaitState(s -> s.connection().equals("reconnecting"));
        sshd.start();
        awaitState(s -> listening(s, "web"));
        assertEquals("hello from the workspace", get(local));
    }

    @Test
    void aKeyWithAPassphraseLogsInThroughTheAgentWhichOffersOnlyThatKey() throws Exception {
        SshKeyPair protectedKey = TestKeys.ed25519(tmp.resolve("keys"), "protected", "s3cret phrase");
        sshd.close();
        sshd = new Sshd(tmp.resolve("sshd-protected"), protectedKey.publicLine());
        try (SshAgent agent = new SshAgent(tmp.resolve("agent"))) {
            // More other keys than sshd's MaxAuthTries (6): offered all, the login would fail before reaching ours.
            for (int i = 0; i < 7; i++) {
                agent.add(TestKeys.ed25519(tmp.resolve("keys"), "other" + i, "").privateKey(), "");
            }
            agent.add(protectedKey.privateKey(), "s3cret phrase");
            loginKey = new LoginKey(protectedKey, agent.socket.toString());
            int local = Sshd.freePort();
            source.set(workspace(WorkspaceState.RUNNING, Map.of("web", service(service.port(), local)), sshd.hostKeyLine));
            startDaemon();
            awaitState(s -> listening(s, "web"));
            assertEquals("hello from the workspace", get(local));
        }
    }

    @Test
    void aTakenPortIsReportedThenForwardedOnceFree() throws Exception {
        ServerSocket squatter = new ServerSocket();
        squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int taken = squatter.getLocalPort();
        int free = Sshd.freePort();
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        services.put("api", service(service.port(), taken));
        services.put("web", service(service.port(), free));
        source.set(workspace(WorkspaceState.RUNNING, services, sshd.hostKeyLine));
        startDaemon();
        ForwardState s = awaitState(x -> x.connection().equals("connected"));
        ForwardState.Forward api = s.forwards().stream().filter(f -> f.service().equals("api")).findFirst().orElseThrow();
        assertEquals("bind_conflict", api.state());
        assertTrue(api.message().contains("localhost:" + taken + " is already in use"), api.message());
        assertEquals("hello from the workspace", get(free), "the other forward works meanwhile");
        squatter.close();
        awaitState(x -> listening(x, "api"));
        assertEquals("hello from the workspace", get(taken));
    }

    @Test
    void aWrongHostKeyIsRefused() throws Exception {
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("other").toString()).check();
        String impostor = Files.readString(tmp.resolve("other.pub")).strip();
        int local = Sshd.freePort();
        source.set(workspace(WorkspaceState.RUNNING, Map.of("web", service(service.port(), local)), impostor));
        startDaemon();
        ForwardState s = awaitState(x -> x.message() != null && x.message().contains("host key"));
        assertFalse(s.connection().equals("connected"));
        assertTrue(s.forwards().isEmpty() || s.forwards().stream().noneMatch(f -> f.state().equals("listening")));
    }

    @Test
    void waitsWhileStoppedAndEndsWhenDeleted() throws Exception {
        source.set(workspace(WorkspaceState.STOPPED, Map.of(), sshd.hostKeyLine));
        startDaemon();
        ForwardState s = awaitState(x -> x.connection().equals("waiting"));
        assertTrue(s.message().contains("stopped"), s.message());
        source.set(new ApiException(404, new ErrorBody("not_found", "no workspace shop", null, null)));
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the forwarder ends when its workspace is gone");
        assertTrue(files.read("shop").isEmpty(), "and removes its state file");
    }


    @Test
    void endsWhenItsStateFileIsRemoved() throws Exception {
        int local = Sshd.freePort();
        source.set(workspace(WorkspaceState.RUNNING, Map.of("web", service(service.port(), local)), sshd.hostKeyLine));
        startDaemon();
        awaitState(s -> listening(s, "web"));
        Files.delete(files.stateFile("shop")); // e.g. the user removed ~/.local/state/nexus: nobody could stop it any more
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the forwarder ends instead of running on unseen");
        assertTrue(files.read("shop").isEmpty());
    }
}
