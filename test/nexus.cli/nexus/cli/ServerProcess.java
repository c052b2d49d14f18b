package nexus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.cli.api.ServerClient;

/**
 * The real Nexus server as a separate process, run from build/classes like the image would run it: its own data
 * directory, a free loopback port, GitHub identities checked against a fake GitHub.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path data;
    private final String url;

    private ServerProcess(Process process, Path data, String url) {
        this.process = process;
        this.data = data;
        this.url = url;
    }

    /** java … -m nexus.server/nexus.server.Main, from the build's classes. */
    public static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("nexus.java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("nexus.build") + "/classes:" + System.getProperty("nexus.deps") + "/main",
                "--enable-native-access=org.xerial.sqlitejdbc", "-m", "nexus.server/nexus.server.Main");
    }

    /** An executable for NEXUS_SERVER_COMMAND: nexus-server with these flags added after the CLI's own. */
    public static Path wrapper(Path dir, List<String> extraFlags) {
        StringBuilder b = new StringBuilder("#!/bin/sh\nexec");
        for (String w : javaCommand()) {
            b.append(" '").append(w).append("'");
        }
        b.append(" \"$@\"");
        for (String w : extraFlags) {
            b.append(" '").append(w).append("'");
        }
        b.append('\n');
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve("nexus-server");
            Files.writeString(script, b.toString());
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServerProcess start(Path data, URI githubApi, boolean localNode) {
        int port = freePort();
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("serve", "--data", data.toString(), "--listen", "127.0.0.1:" + port, "--github-api", githubApi.toString()));
        if (!localNode) {
            cmd.add("--no-local-node");
        }
        try {
            Files.createDirectories(data);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
                    .start();
            String url = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nexus-server exited: " + Files.readString(data.resolveSibling(data.getFileName() + ".log")));
                }
                try (ServerClient c = new ServerClient(url, null, "")) {
                    c.health();
                    return new ServerProcess(p, data, url);
                } catch (CliException e) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("nexus-server did not answer /health");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return url;
    }

    public String adminToken() {
        try {
            return Files.readString(data.resolve("admin.token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path data() {
        return data;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
