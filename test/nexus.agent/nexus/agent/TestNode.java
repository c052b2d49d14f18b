package nexus.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import nexus.agent.network.NodeNetwork;
import nexus.agent.network.Subnet;
import nexus.core.api.DesiredState;
import nexus.core.api.Repository;
import nexus.core.api.WorkspaceState;
import nexus.core.id.Ids;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;

/**
 * A real node for system tests: its own state dir, bridge and subnet (random, so concurrent runs on one host
 * never collide), the shared image cache (the base image is built once per machine), and helpers to make
 * specs, wait for observations and check that nothing of a workspace is left. {@link #close} removes
 * everything it created, also after a failure.
 */
public final class TestNode implements AutoCloseable {
    public static final Path IMAGE_CACHE = Path.of("/var/tmp/nexus-test-images");
    /**
     * Where test workspaces are cloned from by path, as an operator would allow it: the examples and the test run's
     * temporary directory (the node's own state directory, also in there, stays refused).
     */
    public static final HostPathPolicy REPOSITORIES = HostPathPolicy.allowing(List.of(
            Path.of(System.getProperty("nexus.root"), "examples"), Path.of(System.getProperty("java.io.tmpdir"))));
    private static final SecureRandom RANDOM = new SecureRandom();

    public final AgentOptions options;
    public LocalNode node;
    public final Path dir;
    private final ConcurrentHashMap<String, ObservedWorkspace> observed = new ConcurrentHashMap<>();
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private TestNode(AgentOptions options, Path dir) throws Exception {
        this.options = options;
        this.dir = dir;
        this.node = LocalNode.open(options, o -> observed.put(o.workspaceId(), o));
    }

    public static TestNode start(String driver) throws Exception {
        return new TestNode(options(driver), Files.createTempDirectory("node-"));
    }

    /**
     * Options for a node of its own: random bridge, a /16 that no route on the host overlaps, a fresh state dir
     * inside a directory only root may search (like a server's data dir), which the drivers must cope with.
     */
    public static AgentOptions options(String driver) throws IOException {
        Path state = Files.createTempDirectory("agent-").resolve("state");
        String bridge = "nxt" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
        return new AgentOptions(null, null, driver, "127.0.0.1", state, "test-node", new PortRange(2222, 2299),
                new PortRange(23000, 23999), bridge, freeSubnet(), IMAGE_CACHE, null, false, REPOSITORIES);
    }

    public static Subnet freeSubnet() {
        String routes = ProcessRunner.of("ip", "-4", "route", "show").run().stdout();
        for (int attempt = 0; attempt < 100; attempt++) {
            Subnet s = Subnet.parse("10." + (100 + RANDOM.nextInt(150)) + ".0.0/16");
            if (!routes.contains(Subnet.format(s.network()).replaceAll("\\.0$", "").replaceAll("\\.0$", "") + ".")) {
                return s;
            }
        }
        throw new IllegalStateException("no free 10.x.0.0/16 subnet");
    }

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A free TCP port on the host (nothing listens on it) that no other caller in this test run got: a node port
     * forwarded by iptables has no listener, so the listen check alone could hand a workspace's port out again
     * (the server's allocation, which the tests stand in for, never does).
     */
    public static int freePort() throws IOException {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    /** The first four bytes something answers on {@code host:port} ("SSH-" from sshd). */
    public static String banner(String host, int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 3000);
            s.setSoTimeout(3000);
            return new String(s.getInputStream().readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    public static Path example(String name) {
        return Path.of(System.getProperty("nexus.root"), "examples", name);
    }

    /** An SSH key pair made with ssh-keygen in a temp dir: [private key file, public key line]. */
    public static List<String> sshKey(Path dir) {
        Path key = dir.resolve("id_ed25519");
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString()).check();
        try {
            return List.of(key.toString(), Files.readString(dir.resolve("id_ed25519.pub")).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public WorkspaceSpec spec(String repoUrl, String publicKey, int servicePorts) throws IOException {
        String id = Ids.newId(Ids.WORKSPACE);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < servicePorts; i++) {
            ports.add(freePort());
        }
        return new WorkspaceSpec(id, "t-" + id.substring(3, 11), "user-test", "tester", DesiredState.RUNNING, 1, 0,
                new Repository(repoUrl, null, null, null), null, null, null, freePort(), ports, List.of(publicKey), null, false);
    }

    public static WorkspaceSpec with(WorkspaceSpec s, DesiredState desired, long generation) {
        return new WorkspaceSpec(s.workspaceId(), s.name(), s.ownerId(), s.owner(), desired, generation, s.restartGeneration(),
                s.repo(), s.provider(), s.image(), s.config(), s.sshPort(), s.servicePorts(), s.authorizedKeys(), s.cloneToken(), s.force());
    }

    public static WorkspaceSpec withConfig(WorkspaceSpec s, String config) {
        return new WorkspaceSpec(s.workspaceId(), s.name(), s.ownerId(), s.owner(), s.desiredState(), s.generation(), s.restartGeneration(),
                s.repo(), s.provider(), s.image(), config, s.sshPort(), s.servicePorts(), s.authorizedKeys(), s.cloneToken(), s.force());
    }

    /** Runs a command as dev inside the workspace and returns its standard output (failing on a non-zero exit). */
    public String exec(String workspaceId, String... command) {
        ProcessRunner.Result r = node.driver().exec("nexus-" + workspaceId, nexus.agent.driver.Exec.asDev(command));
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.stderr());
        }
        return r.stdout();
    }

    /** Stops this node's agent side (workers) and opens a new one on the same state, as an agent restart does. */
    public void restartAgent() throws Exception {
        node.close();
        observed.clear();
        node = LocalNode.open(options, o -> observed.put(o.workspaceId(), o));
    }

    public void apply(WorkspaceSpec spec) {
        created.add(spec.workspaceId());
        node.reconciler().apply(spec);
    }

    /** Waits for an observation of {@code id} in {@code state} at {@code generation}; fails early on an error. */
    public ObservedWorkspace await(String id, WorkspaceState state, long generation, Duration timeout) throws InterruptedException {
        return await(id, o -> o.state() == state && o.generation() >= generation,
                o -> o.state() == WorkspaceState.ERROR && o.generation() >= generation, timeout,
                "state " + state.wire() + " (generation " + generation + ")");
    }

    /** Waits for an observation matching {@code p}, however long errors last meanwhile. */
    public ObservedWorkspace awaitMatching(String id, Predicate<ObservedWorkspace> p, Duration timeout, String what)
            throws InterruptedException {
        return await(id, p, o -> false, timeout, what);
    }

    private ObservedWorkspace await(String id, Predicate<ObservedWorkspace> p, Predicate<ObservedWorkspace> failed, Duration timeout,
                                    String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        ObservedWorkspace last = null;
        while (Instant.now().isBefore(deadline)) {
            last = observed.get(id);
            if (last != null && p.test(last)) {
                return last;
            }
            if (last != null && failed.test(last)) {
                throw new AssertionError("workspace failed while waiting for " + what + ": " + last.error().toJson());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last observation: " + (last == null ? "none" : last.toJson()));
    }

    public ObservedWorkspace last(String id) {
        return observed.get(id);
    }

    /** Everything on the host that would show a leftover of a workspace; empty when nothing is left. */
    public List<String> leftovers(String workspaceId, String ip, String hostInterface) throws IOException {
        List<String> found = new ArrayList<>();
        String instance = "nexus-" + workspaceId;
        if (Files.exists(options.stateDir().resolve("lxc").resolve(instance))) {
            found.add("container directory " + instance);
        }
        if (Files.exists(options.stateDir().resolve("sandbox").resolve(workspaceId))) {
            found.add("sandbox directory " + workspaceId);
        }
        if (Files.exists(options.stateDir().resolve("workspaces").resolve(workspaceId + ".json"))) {
            found.add("workspace record");
        }
        for (String table : List.of("nat", "filter")) {
            for (String rule : ProcessRunner.of("iptables-save", "-t", table).run().stdout().split("\n")) {
                if (rule.contains(workspaceId) || rule.contains(" " + ip + ":") || rule.contains(" " + ip + "/")) {
                    found.add("iptables " + table + " rule: " + rule);
                }
            }
        }
        for (String controller : List.of("memory", "cpu", "")) {
            if (Files.exists(Path.of("/sys/fs/cgroup", controller, "nexus-sandbox", instance))) {
                found.add("cgroup " + controller + "/nexus-sandbox/" + instance);
            }
        }
        if (Files.exists(Path.of("/sys/class/net", hostInterface))) {
            found.add("network interface " + hostInterface);
        }
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(instance)) {
            found.add("mount of " + instance);
        }
        String ps = ProcessRunner.of("ps", "-eo", "pid,args").run().stdout();
        for (String line : ps.split("\n")) {
            if (line.contains(instance) || line.contains(workspaceId)) {
                found.add("process: " + line.strip());
            }
        }
        return found;
    }

    @Override
    public void close() throws Exception {
        try {
            for (String id : new HashSet<>(created)) {
                ObservedWorkspace o = observed.get(id);
                if (o == null || o.state() != WorkspaceState.DELETED) {
                    node.reconciler().apply(forceDelete(id));
                }
            }
            for (String id : created) {
                awaitMatching(id, o -> o.state() == WorkspaceState.DELETED, Duration.ofSeconds(60), "deleted (cleanup)");
            }
        } finally {
            node.close();
            NodeNetwork network = node.network();
            network.teardown();
            ProcessRunner.of("rm", "-rf", "--one-file-system", "--", options.stateDir().getParent().toString(), dir.toString()).run();
        }
    }

    private static WorkspaceSpec forceDelete(String id) {
        return new WorkspaceSpec(id, "cleanup", "user-test", null, DesiredState.DELETED, Long.MAX_VALUE / 2, 0,
                new Repository("", null, null, null), null, null, null, 0, List.of(), List.of(), null, true);
    }
}
