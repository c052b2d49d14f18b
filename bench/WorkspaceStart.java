import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nexus.agent.network.Attachment;
import nexus.core.api.DesiredState;
import nexus.core.api.Phase;
import nexus.core.api.TimelineEntry;
import nexus.core.api.WorkspaceState;
import nexus.core.id.Ids;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.util.ProcessRunner;

/**
 * bench/workspace-start: create→ready of examples/hello-node on the lxc driver (the agent's whole path: clone,
 * provisioning, two services health-checked), against the floor measured in the same run on the same template
 * and bridge: raw lxc-copy -s + lxc-start + the SSH banner on the container's static address.
 */
public class WorkspaceStart {
    static final int RUNS = Integer.getInteger("runs", 10);

    public static void main(String[] args) throws Exception {
        List<Long> ready = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        Map<Phase, List<Long>> phases = new TreeMap<>();
        try (BenchNode bench = new BenchNode()) {
            System.out.println("warming up (builds the base image if the cache has none)…");
            runOnce(bench, 0, new TreeMap<>());
            for (int i = 1; i <= RUNS; i++) {
                ready.add(runOnce(bench, i, phases));
            }
            Path lxc = bench.state.resolve("lxc");
            String template;
            try (var s = Files.list(lxc)) {
                template = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nexus-tpl-")).findFirst().orElseThrow();
            }
            Attachment net = bench.node.network().addresses().allocate();
            for (int i = 1; i <= RUNS; i++) {
                floor.add(floorOnce(lxc, template, net, i));
            }
        }
        long readyP50 = BenchNode.percentile(ready, 50);
        long floorP50 = BenchNode.percentile(floor, 50);
        System.out.printf("create→ready (examples/hello-node, 2 services)  p50 %5d ms   p95 %5d ms   (%d runs)%n", readyP50,
                BenchNode.percentile(ready, 95), RUNS);
        System.out.printf("floor: lxc-copy -s + lxc-start + SSH banner     p50 %5d ms   p95 %5d ms   (%d runs)%n", floorP50,
                BenchNode.percentile(floor, 95), RUNS);
        StringBuilder split = new StringBuilder("phases (p50 ms):");
        phases.forEach((phase, ms) -> split.append(' ').append(phase.wire()).append(' ').append(BenchNode.percentile(ms, 50)));
        System.out.println(split);
        System.out.printf("ratio ready/floor (p50) %.2f   goals: ready p50 <= 2000 ms, ratio <= 3%n", (double) readyP50 / floorP50);
    }

    static long runOnce(BenchNode bench, int i, Map<Phase, List<Long>> phases) throws Exception {
        String id = Ids.newId(Ids.WORKSPACE);
        List<Integer> ports = List.of(24100 + 2 * i, 24101 + 2 * i);
        long start = System.nanoTime();
        bench.node.reconciler().apply(BenchNode.spec(id, "bench-" + i, "hello-node", null, 24000 + i, ports, List.of(),
                DesiredState.RUNNING, 1));
        ObservedWorkspace ready = bench.await(id, WorkspaceState.RUNNING, Duration.ofMinutes(15));
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (TimelineEntry e : ready.timeline()) {
            phases.computeIfAbsent(e.phase(), p -> new ArrayList<>()).add(e.durationMs() == null ? 0 : e.durationMs());
        }
        bench.node.reconciler().apply(BenchNode.spec(id, "bench-" + i, "hello-node", null, 24000 + i, ports, List.of(),
                DesiredState.DELETED, 2));
        bench.await(id, WorkspaceState.DELETED, Duration.ofMinutes(1));
        return ms;
    }

    /** The same clone and start without the agent: lxc-copy, the network lines, lxc-start, wait for sshd's banner. */
    static long floorOnce(Path lxcPath, String template, Attachment net, int i) throws Exception {
        String name = "bench-floor-" + i;
        long start = System.nanoTime();
        ProcessRunner.of("lxc-copy", "-P", lxcPath.toString(), "-n", template, "-N", name, "-s", "-B", "overlay").check();
        Files.writeString(lxcPath.resolve(name).resolve("config"), String.join("\n", "lxc.net.0.type = veth",
                "lxc.net.0.link = " + net.bridge(), "lxc.net.0.flags = up", "lxc.net.0.name = eth0", "lxc.net.0.hwaddr = " + net.mac(),
                "lxc.net.0.ipv4.address = " + net.cidr(), "lxc.net.0.ipv4.gateway = " + net.gateway(),
                "lxc.net.0.veth.pair = " + net.hostInterface(), ""), java.nio.file.StandardOpenOption.APPEND);
        Process monitor = new ProcessBuilder("lxc-start", "-F", "-P", lxcPath.toString(), "-n", name)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        while (!banner(net.ip())) {
            if (!monitor.isAlive()) {
                throw new IllegalStateException("floor container did not start");
            }
            Thread.sleep(5);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ProcessRunner.of("lxc-stop", "-k", "-P", lxcPath.toString(), "-n", name).run();
        monitor.waitFor();
        ProcessRunner.of("lxc-destroy", "-P", lxcPath.toString(), "-n", name).check();
        return ms;
    }

    static boolean banner(String ip) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, 22), 200);
            s.setSoTimeout(2000);
            return new String(s.getInputStream().readNBytes(4)).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }
}
