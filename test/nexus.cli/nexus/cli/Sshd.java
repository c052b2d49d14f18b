package nexus.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nexus.core.util.ProcessRunner;

/**
 * A real OpenSSH server on a free loopback port for tests (needs root): its own host key, one authorized user
 * key, TCP forwarding allowed. Stands in for a workspace's sshd; the forwarder cannot tell the difference.
 */
public final class Sshd implements AutoCloseable {
    public final Path dir;
    public final int port;
    public final String hostKeyLine;
    private Process process;

    public Sshd(Path dir, String authorizedKey) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        Path hostKey = dir.resolve("host_ed25519");
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()).check();
        this.hostKeyLine = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        Files.writeString(dir.resolve("authorized_keys"), authorizedKey + "\n");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password", "AllowTcpForwarding yes", "UsePAM no", "StrictModes no",
                "PidFile " + dir.resolve("sshd.pid"), "LogLevel ERROR", "") );
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory sshd insists on
        start();
    }

    public void start() throws IOException {
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
                }
                sleep(50);
            }
        }
        throw new IOException("sshd did not listen on " + port);
    }

    /** Stops sshd and every session it forked (so established connections drop, as when a workspace stops). */
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
