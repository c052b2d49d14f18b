import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nexus.agent.AgentOptions;
import nexus.agent.LocalNode;
import nexus.agent.network.Subnet;
import nexus.core.api.DesiredState;
import nexus.core.api.Repository;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;

/** A node of its own for a benchmark (bridge, subnet and state dir; the test suite's image cache), removed on close. */
final class BenchNode implements AutoCloseable {
    final Path state;
    final LocalNode node;
    final Map<String, ObservedWorkspace> seen = new ConcurrentHashMap<>();

    BenchNode() throws Exception {
        state = Files.createTempDirectory(Path.of("/var/tmp"), "nexus-bench-");
        Subnet subnet = Subnet.parse("10." + (100 + (int) (ProcessHandle.current().pid() % 150)) + ".0.0/16");
        String bridge = "nxb" + Long.toString(ProcessHandle.current().pid(), 36);
        Path images = Path.of(System.getenv().getOrDefault("NEXUS_IMAGE_CACHE", "/var/tmp/nexus-test-images"));
        node = LocalNode.open(new AgentOptions(null, null, "lxc", "127.0.0.1", state, "bench", PortRange.DEFAULT_SSH,
                PortRange.DEFAULT_SERVICES, bridge, subnet, images, null, false,
                HostPathPolicy.allowing(List.of(root().resolve("examples")))), o -> seen.put(o.workspaceId(), o));
    }

    static Path root() {
        return Path.of(System.getenv("NEXUS_ROOT"));
    }

    static WorkspaceSpec spec(String id, String name, String example, String config, int sshPort, List<Integer> servicePorts,
                              List<String> keys, DesiredState desired, long generation) {
        return new WorkspaceSpec(id, name, "user-bench", "bench", desired, generation, 0,
                new Repository(root().resolve("examples").resolve(example).toString(), null, null, null), null, null, config,
                sshPort, servicePorts, keys, null, desired == DesiredState.DELETED);
    }

    ObservedWorkspace await(String id, WorkspaceState state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ObservedWorkspace o = seen.get(id);
            if (o != null && o.state() == state) {
                return o;
            }
            if (o != null && o.state() == WorkspaceState.ERROR) {
                throw new IllegalStateException("workspace failed: " + o.error().toJson());
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("timed out waiting for " + state.wire());
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Deletes what is still there (forced), then removes the node's network and state. */
    @Override
    public void close() throws Exception {
        for (ObservedWorkspace o : List.copyOf(seen.values())) {
            if (o.state() != WorkspaceState.DELETED) {
                node.reconciler().apply(spec(o.workspaceId(), "cleanup", "static-site", null, 0, List.of(), List.of(),
                        DesiredState.DELETED, o.generation() + 1));
                await(o.workspaceId(), WorkspaceState.DELETED, Duration.ofMinutes(1));
            }
        }
        node.close();
        node.network().teardown();
        ProcessRunner.of("rm", "-rf", "--one-file-system", "--", state.toString()).run();
    }
}
