import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.core.api.DesiredState;
import nexus.core.api.WorkspaceState;
import nexus.core.id.Ids;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.util.ProcessRunner;

/**
 * bench/ssh-latency: {@code ssh … true} into a workspace through its forwarded node port (127.0.0.1:<ssh port>,
 * the kernel's DNAT) against the same sshd reached directly on the workspace address, interleaved, in one run.
 */
public class SshLatency {
    static final int RUNS = Integer.getInteger("runs", 30);

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("nexus-ssh-bench-");
        try (BenchNode bench = new BenchNode()) {
            Path key = tmp.resolve("id_ed25519");
            ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).check();
            String id = Ids.newId(Ids.WORKSPACE);
            int port = 24000 + (int) (ProcessHandle.current().pid() % 900);
            bench.node.reconciler().apply(BenchNode.spec(id, "ssh-bench", "static-site", "services: {}\n", port, List.of(),
                    List.of(Files.readString(tmp.resolve("id_ed25519.pub")).strip()), DesiredState.RUNNING, 1));
            ObservedWorkspace ws = bench.await(id, WorkspaceState.RUNNING, Duration.ofMinutes(15));
            Path known = tmp.resolve("known_hosts");
            StringBuilder lines = new StringBuilder();
            for (String k : ws.hostKeys()) {
                lines.append("[127.0.0.1]:").append(port).append(' ').append(k).append('\n').append(ws.ip()).append(' ').append(k).append('\n');
            }
            Files.writeString(known, lines);
            List<String> forwarded = ssh(key, known, "127.0.0.1", port);
            List<String> direct = ssh(key, known, ws.ip(), 22);
            time(forwarded);
            time(direct);
            List<Long> f = new ArrayList<>();
            List<Long> d = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                f.add(time(forwarded));
                d.add(time(direct));
            }
            long fm = BenchNode.percentile(f, 50);
            long dm = BenchNode.percentile(d, 50);
            System.out.printf("ssh dev@127.0.0.1 -p %d true (forwarded)  median %6.1f ms%n", port, fm / 1000.0);
            System.out.printf("ssh dev@%s true (direct)       median %6.1f ms%n", ws.ip(), dm / 1000.0);
            System.out.printf("ratio forwarded/direct %.3f   (median of %d each, interleaved; goal <= 1.15)%n", (double) fm / dm, RUNS);
        } finally {
            ProcessRunner.of("rm", "-rf", "--", tmp.toString()).run();
        }
    }

    static List<String> ssh(Path key, Path known, String host, int port) {
        return List.of("ssh", "-i", key.toString(), "-p", Integer.toString(port), "-o", "UserKnownHostsFile=" + known,
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ControlPath=none", "dev@" + host, "true");
    }

    /** Microseconds one ssh run takes. */
    static long time(List<String> command) {
        long start = System.nanoTime();
        ProcessRunner.of(command).timeout(Duration.ofSeconds(30)).check();
        return (System.nanoTime() - start) / 1000;
    }
}
