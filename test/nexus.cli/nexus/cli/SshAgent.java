package nexus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import nexus.core.util.ProcessRunner;

/** A real ssh-agent on a socket of its own, and keys loaded into it with their passphrase (through SSH_ASKPASS). */
public final class SshAgent implements AutoCloseable {
    public final Path socket;
    private final Path dir;
    private final Process process;

    public SshAgent(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.socket = dir.resolve("agent.sock");
        process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("ssh-agent did not start: " + Files.readString(dir.resolve("agent.log")));
            }
            Sshd.sleep(20);
        }
    }

    /** ssh-add of {@code key}, answering its passphrase prompt with {@code passphrase}. */
    public void add(Path key, String passphrase) throws IOException {
        Path askpass = dir.resolve("askpass");
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$NEXUS_TEST_PASSPHRASE\"\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        ProcessRunner.of("ssh-add", "-q", "--", key.toString())
                .env("SSH_AUTH_SOCK", socket.toString()).env("SSH_ASKPASS", askpass.toString())
                .env("SSH_ASKPASS_REQUIRE", "force").env("NEXUS_TEST_PASSPHRASE", passphrase).check();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
