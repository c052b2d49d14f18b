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
 * both in turns with the same generator and prints requests/s, p50, p99, server CPU per request and the ratio.
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

            int rounds = 4;
            System.out.printf("load: %d connections; %d rounds of %ds per target after a 5 s warm-up, the targets taking turns "
                    + "(%d cores; other load on the machine shifts absolute numbers, so each round's ratio compares runs "
                    + "made seconds apart)%n", connections, rounds, measure.toSeconds(), Runtime.getRuntime().availableProcessors());
            List<LoadGenerator.Result> base = new ArrayList<>();
            List<LoadGenerator.Result> api = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            long[] cpu = new long[2];
            long[] served = new long[2];
            for (int round = 0; round < rounds; round++) {
                Duration preroll = round == 0 ? Duration.ofSeconds(5) : Duration.ofSeconds(1);
                LoadGenerator.Result rb = null;
                LoadGenerator.Result ra = null;
                // Alternate which target goes first so a drift in machine load does not always favour one.
                for (int turn = 0; turn < 2; turn++) {
                    boolean baselineTurn = (turn == 0) == (round % 2 == 0);
                    Process target = baselineTurn ? constant : nexus;
                    long c0 = cpuTicks(target.pid());
                    LoadGenerator.Result r = baselineTurn
                            ? LoadGenerator.run("bare HttpServer, constant", constantPort, "/", null, connections, preroll, measure)
                            : LoadGenerator.run("nexus GET /workspaces/{ws}", nexusPort, "/api/v1/workspaces/" + s.workspaceId(),
                                    s.userToken(), connections, preroll, measure);
                    long used = cpuTicks(target.pid()) - c0;
                    int k = baselineTurn ? 0 : 1;
                    if (round > 0) {
                        cpu[k] += used;
                        served[k] += r.requests();
                    }
                    if (baselineTurn) {
                        rb = r;
                    } else {
                        ra = r;
                    }
                }
                base.add(rb);
                api.add(ra);
                ratios.add(ra.perSecond() / rb.perSecond());
            }
            System.out.printf("%-30s %10s %9s %9s %7s%n", "target (median round)", "req/s", "p50 ms", "p99 ms", "errors");
            LoadGenerator.Result b = median(base);
            LoadGenerator.Result a = median(api);
            for (LoadGenerator.Result r : List.of(b, a)) {
                System.out.printf("%-30s %10.0f %9.2f %9.2f %7d%n", r.target(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.errors());
            }
            // CPU includes each round's 1 s pre-roll; per request it is an upper bound, for both alike.
            System.out.printf("server CPU per answered request (rounds 2-%d, upper bound): baseline %.0f us, nexus %.0f us%n", rounds,
                    cpu[0] * 1e6 / TICKS / Math.max(1, served[0]), cpu[1] * 1e6 / TICKS / Math.max(1, served[1]));
            List<Double> sorted = ratios.stream().sorted().toList();
            double ratio = (sorted.get(rounds / 2 - 1) + sorted.get(rounds / 2)) / 2;
            System.out.printf("ratio nexus/baseline per round: %s; median %.2f (goal >= 0.5: %s); nexus p99 %.2f ms (goal <= 20 ms: %s)%n",
                    ratios.stream().map(x -> String.format("%.2f", x)).toList(), ratio, ratio >= 0.5 ? "ok" : "MISSED",
                    a.p99Ms(), a.p99Ms() <= 20 ? "ok" : "MISSED");
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

    /** The round with the median throughput (upper median for an even count). */
    private static LoadGenerator.Result median(List<LoadGenerator.Result> rounds) {
        List<LoadGenerator.Result> sorted = rounds.stream().sorted(Comparator.comparingDouble(LoadGenerator.Result::perSecond)).toList();
        return sorted.get(sorted.size() / 2);
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
