import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * bench/api: starts the jlinked nexus-server (own JVM, temporary data directory, no local node) and the constant
 * baseline server (own JVM, the image's java), prepares a user, a node and a workspace over the API, then loads
 * both alternately with the same generator and prints requests/s, p50, p99 and the ratio.
 */
public final class ApiBench {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(arg(args, "--image"));
        Path classes = Path.of(arg(args, "--classes"));
        int connections = Integer.parseInt(arg(args, "--connections"));
        Duration measure = Duration.ofSeconds(Long.parseLong(arg(args, "--seconds")));
        Path data = Files.createTempDirectory("nexus-bench-api");
        List<Process> started = new ArrayList<>();
        try {
            Process nexus = new ProcessBuilder(image.resolve("bin/nexus-server").toString(), "serve", "--listen", "127.0.0.1:0",
                    "--data", data.toString(), "--no-local-node")
                    .redirectError(data.resolve("server.log").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            started.add(nexus);
            Process constant = new ProcessBuilder(image.resolve("bin/java").toString(), "-cp", classes.toString(), "ConstantServer")
                    .redirectErrorStream(true).start();
            started.add(constant);
            int constantPort = Integer.parseInt(firstLine(constant).substring("listening ".length()));
            String url = awaitUrl(data.resolve("server.log"));
            int nexusPort = URI.create(url).getPort();
            Setup s = setUp(url, Files.readString(data.resolve("admin.token")).strip());

            System.out.printf("load: %d connections, %ds per round after warm-up, 2 rounds each (%d cores)%n", connections,
                    measure.toSeconds(), Runtime.getRuntime().availableProcessors());
            Duration warmup = Duration.ofSeconds(5);
            List<LoadGenerator.Result> base = new ArrayList<>();
            List<LoadGenerator.Result> api = new ArrayList<>();
            long[] cpu = new long[2];
            long[] served = new long[2];
            for (int round = 0; round < 2; round++) {
                long c0 = cpuTicks(constant.pid());
                LoadGenerator.Result rb = LoadGenerator.run("bare HttpServer, constant", constantPort, "/", null, connections,
                        round == 0 ? warmup : Duration.ofSeconds(1), measure);
                base.add(rb);
                long c1 = cpuTicks(constant.pid());
                long n0 = cpuTicks(nexus.pid());
                LoadGenerator.Result ra = LoadGenerator.run("nexus GET /workspaces/{ws}", nexusPort, "/api/v1/workspaces/" + s.workspaceId(),
                        s.userToken(), connections, round == 0 ? warmup : Duration.ofSeconds(1), measure);
                api.add(ra);
                long n1 = cpuTicks(nexus.pid());
                if (round == 1) {
                    cpu[0] = c1 - c0;
                    served[0] = rb.requests();
                    cpu[1] = n1 - n0;
                    served[1] = ra.requests();
                }
            }
            LoadGenerator.Result b = best(base);
            LoadGenerator.Result a = best(api);
            System.out.printf("%-30s %10s %9s %9s %7s%n", "target (best round)", "req/s", "p50 ms", "p99 ms", "errors");
            for (LoadGenerator.Result r : List.of(b, a)) {
                System.out.printf("%-30s %10.0f %9.2f %9.2f %7d%n", r.target(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.errors());
            }
            // CPU includes warm-up and the 1 s pre-roll of the round; per request it is an upper bound, for both alike.
            System.out.printf("server CPU per answered request (round 2, upper bound): baseline %.0f us, nexus %.0f us%n",
                    cpu[0] * 1e6 / TICKS / Math.max(1, served[0]), cpu[1] * 1e6 / TICKS / Math.max(1, served[1]));
            double ratio = a.perSecond() / b.perSecond();
            System.out.printf("ratio nexus/baseline: %.2f (goal >= 0.5: %s); nexus p99 %.2f ms (goal <= 20 ms: %s)%n", ratio,
                    ratio >= 0.5 ? "ok" : "MISSED", a.p99Ms(), a.p99Ms() <= 20 ? "ok" : "MISSED");
        } finally {
            for (Process p : started) {
                p.toHandle().destroy();
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            try (Stream<Path> files = Files.walk(data)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100;

    /** User + system CPU of a process so far, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static LoadGenerator.Result best(List<LoadGenerator.Result> rounds) {
        return rounds.stream().max(Comparator.comparingDouble(LoadGenerator.Result::perSecond)).orElseThrow();
    }

    private record Setup(String userToken, String workspaceId) {}

    /** A node (registered over the agent protocol), an invited user with an SSH key, and their workspace. */
    private static Setup setUp(String url, String admin) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String nodeToken = field(post(http, url + "/api/v1/nodes/tokens", admin, "{\"name\":\"bench-node\"}"), "token");
            post(http, url + "/api/v1/nodes/register", nodeToken, "{\"name\":\"bench\",\"advertise_host\":\"127.0.0.1\","
                    + "\"drivers\":[\"lxc\"],\"capacity\":{\"cpus\":2,\"memory_mb\":4096,\"disk_mb\":10000,\"max_workspaces\":10},"
                    + "\"version\":\"bench\"}");
            String invite = field(post(http, url + "/api/v1/invites", admin, "{\"username\":\"bench\"}"), "invite_token");
            String user = field(post(http, url + "/api/v1/users/register", null,
                    "{\"invite_token\":\"" + invite + "\",\"ssh_pubkey\":\"" + ed25519() + "\"}"), "token");
            String ws = field(post(http, url + "/api/v1/workspaces", user,
                    "{\"name\":\"bench\",\"repo\":{\"url\":\"https://github.com/acme/bench\",\"branch\":\"main\"}}"), "workspace_id");
            return new Setup(user, ws);
        }
    }

    private static String post(HttpClient http, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("setting up the benchmark failed: POST " + url + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String ed25519() throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(8 + type.length + raw.length).putInt(type.length).put(type).putInt(raw.length).put(raw);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " bench";
    }

    private static String awaitUrl(Path log) throws Exception {
        Pattern p = Pattern.compile("\"msg\":\"listening\",\"url\":\"([^\"]+)\"");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log)) {
                Matcher m = p.matcher(Files.readString(log));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("nexus-server did not start; its log:\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private static String firstLine(Process p) throws IOException {
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalStateException("the baseline server did not start");
        }
        return line;
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
