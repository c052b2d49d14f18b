package nexus.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.config.HealthCheck;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * One health check of one service. tcp and http checks run from the host against the workspace address (no exec,
 * the same path the node's port forward takes); when the host is refused, the check is repeated inside the
 * workspace against 127.0.0.1, for services that only listen there (reachable through SSH forwards, not through
 * the node port, which the result's message says). exec checks run the command inside as dev.
 */
final class HealthProbe {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);

    record Result(boolean healthy, String message) {
        static Result ok() {
            return new Result(true, null);
        }
    }

    private final Driver driver;
    private final String instance;
    private final String address;

    HealthProbe(Driver driver, String instance, String address) {
        this.driver = driver;
        this.instance = instance;
        this.address = address;
    }

    Result probe(HealthCheck check, Integer port, Map<String, String> env, String workdir) {
        return switch (check.type()) {
            case NONE -> Result.ok();
            case EXEC -> exec(check.command(), env, workdir);
            case TCP, HTTP -> {
                if (port == null) {
                    yield new Result(false, "a " + check.type().name().toLowerCase(java.util.Locale.ROOT) + " health check needs a port");
                }
                String path = check.path() == null ? "/" : check.path();
                try {
                    yield check.type() == HealthCheck.Type.TCP ? tcp(port) : http(port, path);
                } catch (ConnectException refused) {
                    yield inside(check.type(), port, path);
                } catch (IOException e) {
                    yield new Result(false, describe(e, port));
                }
            }
        };
    }

    private Result tcp(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
            return Result.ok();
        }
    }

    private Result http(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + address + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = readLine(s.getInputStream());
            String[] words = status.split(" ");
            if (words.length >= 2 && words[0].startsWith("HTTP/") && (words[1].startsWith("2") || words[1].startsWith("3"))) {
                return Result.ok();
            }
            return new Result(false, "GET " + path + " answered \"" + Text.lastLines(status, 1) + "\"");
        }
    }

    private Result inside(HealthCheck.Type type, int port, String path) {
        Exec exec = type == HealthCheck.Type.TCP
                ? Exec.asDev("/usr/local/lib/nexus/probe", "tcp", Integer.toString(port))
                : Exec.asDev("/usr/local/lib/nexus/probe", "http", Integer.toString(port), path);
        ProcessRunner.Result r = driver.exec(instance, exec.withTimeout(EXEC_TIMEOUT));
        return r.ok()
                ? new Result(true, "listens on 127.0.0.1 only: reachable through SSH forwards, not through the node port (listen on 0.0.0.0 for that)")
                : new Result(false, "nothing accepts connections on port " + port);
    }

    private Result exec(String command, Map<String, String> env, String workdir) {
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev("bash", "-c", command).withEnv(env).in(workdir)
                .withTimeout(EXEC_TIMEOUT));
        if (r.ok()) {
            return Result.ok();
        }
        String said = Text.lastLines(r.stderr() + "\n" + r.stdout(), 1);
        return new Result(false, "health command exited with " + r.exitCode() + (said.isBlank() ? "" : ": " + said));
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && line.length() < 200) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static String describe(IOException e, int port) {
        if (e instanceof java.net.SocketTimeoutException) {
            return "port " + port + " did not answer in time";
        }
        return "port " + port + ": " + e.getMessage();
    }
}
