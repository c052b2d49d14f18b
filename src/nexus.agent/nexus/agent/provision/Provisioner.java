package nexus.agent.provision;

import nexus.agent.BundledFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.agent.Log;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Makes a started instance a Nexus workspace: the owner's keys in dev's authorized_keys, hostname, DNS, the
 * agent's helper scripts and dev's ~/.nexus directories, all in one exec; then reads the workspace's own SSH
 * host keys (nexus-init creates them on the first boot, so no two workspaces share them). Safe to repeat: the
 * same files are written again, so changed keys take effect on the next convergence.
 */
public final class Provisioner {
    private static final Log LOG = Log.of("provision");
    private static final String SCRIPT = BundledFiles.text(Provisioner.class, "provision.sh");

    private final List<WorkspaceFile> helpers;

    /** @param helpers files every workspace gets (service launcher, status and repository scripts…) */
    public Provisioner(List<WorkspaceFile> helpers) {
        this.helpers = List.copyOf(helpers);
    }

    public HostKeys provision(Driver driver, String instance, String hostname, List<String> authorizedKeys) {
        List<WorkspaceFile> files = new ArrayList<>(helpers);
        files.add(WorkspaceFile.directory("/home/dev/.ssh", 0700, "dev"));
        files.add(WorkspaceFile.text("/home/dev/.ssh/authorized_keys", 0600, "dev",
                authorizedKeys.stream().map(String::strip).map(k -> k + "\n").reduce("", String::concat)));
        files.add(WorkspaceFile.directory("/home/dev/.nexus", 0755, "dev"));
        files.add(WorkspaceFile.directory("/home/dev/.nexus/logs", 0755, "dev"));
        files.add(WorkspaceFile.directory("/home/dev/.nexus/run", 0755, "dev"));
        files.add(WorkspaceFile.text("/etc/hostname", 0644, "root", hostname + "\n"));
        files.add(WorkspaceFile.text("/etc/hosts", 0644, "root",
                "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n::1\tlocalhost ip6-localhost ip6-loopback\n"));
        String resolv = hostResolvConf();
        if (resolv != null) {
            files.add(WorkspaceFile.text("/etc/resolv.conf", 0644, "root", resolv));
        }
        ProcessRunner.Result r = driver.exec(instance, Exec.asRoot("sh", "-c", SCRIPT, "nexus-provision")
                .withInput(Tar.of(files)).withTimeout(Duration.ofSeconds(60)));
        if (!r.ok()) {
            throw new IllegalStateException("provisioning failed: " + Text.lastLines(r.stderr(), 5));
        }
        HostKeys keys = HostKeys.parse(r.stdout());
        if (keys.isEmpty()) {
            throw new IllegalStateException("provisioning printed no SSH host keys");
        }
        return keys;
    }

    /** Waits until something answers with an SSH banner on {@code address:port}. */
    public static void awaitSsh(String address, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                s.setSoTimeout(2000);
                byte[] banner = s.getInputStream().readNBytes(4);
                if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) {
                    return;
                }
                last = "unexpected banner";
            } catch (IOException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for sshd");
            }
        }
        throw new IllegalStateException("sshd on " + address + ":" + port + " did not answer within " + timeout.toSeconds()
                + " s (" + last + ")");
    }

    /**
     * The host's resolver configuration for the workspace, or null when the host only lists loopback resolvers
     * (a local stub the workspace cannot reach); then systemd-resolved's upstream list is used if present.
     */
    static String hostResolvConf() {
        for (Path p : List.of(Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf"))) {
            try {
                String text = Files.readString(p);
                boolean usable = text.lines().anyMatch(l -> l.startsWith("nameserver") && !l.contains(" 127.") && !l.contains(" ::1"));
                if (usable) {
                    return text;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        LOG.warn("the host has no non-loopback DNS resolver; workspaces keep the image's /etc/resolv.conf");
        return null;
    }
}
