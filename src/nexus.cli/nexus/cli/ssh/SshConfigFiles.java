package nexus.cli.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import nexus.cli.settings.SecureFiles;

/**
 * The SSH configuration nexus manages so that {@code ssh nexus-<ws>}, editors' remote-SSH and the forwarder all
 * reach workspaces with their host keys pinned:
 * <ul>
 * <li>one {@code Include} line at the top of ~/.ssh/config (the file is created 0600 if absent; everything else
 *     in it is left exactly as it was; adding it twice changes nothing);</li>
 * <li>~/.ssh/nexus/config, owned by nexus: one {@code Host nexus-<ws>} block per workspace;</li>
 * <li>~/.ssh/nexus/known_hosts, owned by nexus: each workspace's reported host keys for {@code [host]:port}.</li>
 * </ul>
 * Host key checking stays on ({@code StrictHostKeyChecking yes} once keys are pinned; never "no"). All paths are
 * absolute because ssh expands "~" from the password database, not from $HOME.
 */
public final class SshConfigFiles {
    private static final String HEADER = """
            # Managed by nexus: one block per workspace, rewritten by `nexus` commands (edits here are lost).
            # Included from ~/.ssh/config; host keys are pinned in the known_hosts file beside this one.
            """;

    private final Path sshDir;
    private final Path nexusDir;

    public SshConfigFiles(Path sshDir, Path nexusDir) {
        this.sshDir = sshDir;
        this.nexusDir = nexusDir;
    }

    public Path userConfig() {
        return sshDir.resolve("config");
    }

    public Path nexusConfig() {
        return nexusDir.resolve("config");
    }

    public Path knownHosts() {
        return nexusDir.resolve("known_hosts");
    }

    public String includeLine() {
        return "Include " + quote(nexusConfig().toString());
    }

    public boolean includePresent() {
        try {
            return Files.readAllLines(realUserConfig(), StandardCharsets.UTF_8).stream().anyMatch(this::isOurInclude);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + userConfig() + ": " + e.getMessage(), e);
        }
    }

    /** Adds the Include line at the top of ~/.ssh/config unless it is there; true when the file changed. */
    public boolean ensureInclude() {
        SecureFiles.createDir(sshDir);
        SecureFiles.privateDir(nexusDir);
        return SecureFiles.locked(nexusDir.resolve(".lock"), () -> {
            Path file = realUserConfig();
            if (!Files.exists(file)) {
                SecureFiles.writePrivate(file, includeLine() + "\n");
                return true;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.lines().anyMatch(this::isOurInclude)) {
                return false;
            }
            // at the top: an Include after a Host or Match line would only apply inside that block
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            SecureFiles.write(file, includeLine() + "\n\n" + text, mode);
            return true;
        });
    }

    /** Adds or replaces the workspace's Host block and its pinned host keys. */
    public void writeHost(SshHost host) {
        SecureFiles.createDir(sshDir);
        SecureFiles.privateDir(nexusDir);
        SecureFiles.locked(nexusDir.resolve(".lock"), () -> {
            TreeMap<String, SshHost> hosts = readHosts();
            hosts.put(host.workspace(), host);
            writeConfig(hosts);
            List<String> lines = new ArrayList<>();
            for (String line : knownHostLines()) {
                String[] f = line.split("\\s+");
                boolean sameWorkspace = f.length >= 4 && f[3].equals(host.alias());
                boolean sameAddress = f.length >= 1 && f[0].equals(host.knownHostsName());
                if (!sameWorkspace && !sameAddress) {
                    lines.add(line);
                }
            }
            for (String key : host.hostKeys()) {
                String[] f = key.strip().split("\\s+");
                if (f.length >= 2) {
                    // the comment field names the workspace, so its lines can be found again on delete
                    lines.add(host.knownHostsName() + " " + f[0] + " " + f[1] + " " + host.alias());
                }
            }
            SecureFiles.writePrivate(knownHosts(), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
            return null;
        });
    }

    /** Removes the workspace's block and host keys; true when there was something to remove. */
    public boolean removeHost(String workspace) {
        if (!Files.exists(nexusConfig())) {
            return false;
        }
        return SecureFiles.locked(nexusDir.resolve(".lock"), () -> {
            TreeMap<String, SshHost> hosts = readHosts();
            SshHost removed = hosts.remove(workspace);
            List<String> kept = new ArrayList<>();
            boolean keysRemoved = false;
            for (String line : knownHostLines()) {
                String[] f = line.split("\\s+");
                boolean ours = (f.length >= 4 && f[3].equals(SshHost.alias(workspace)))
                        || (removed != null && f[0].equals(removed.knownHostsName()));
                if (ours) {
                    keysRemoved = true;
                } else {
                    kept.add(line);
                }
            }
            if (removed != null) {
                writeConfig(hosts);
            }
            if (keysRemoved) {
                SecureFiles.writePrivate(knownHosts(), String.join("\n", kept) + (kept.isEmpty() ? "" : "\n"));
            }
            return removed != null || keysRemoved;
        });
    }

    public Optional<SshHost> host(String workspace) {
        return Optional.ofNullable(readHosts().get(workspace));
    }

    public List<SshHost> hosts() {
        return List.copyOf(readHosts().values());
    }

    private void writeConfig(TreeMap<String, SshHost> hosts) {
        StringBuilder b = new StringBuilder(HEADER);
        for (SshHost h : hosts.values()) {
            b.append('\n')
                    .append("Host ").append(h.alias()).append('\n')
                    .append("  HostName ").append(h.hostName()).append('\n')
                    .append("  Port ").append(h.port()).append('\n')
                    .append("  User ").append(h.user()).append('\n')
                    .append("  IdentityFile ").append(quote(h.identityFile().toString())).append('\n')
                    .append("  IdentitiesOnly yes\n")
                    .append("  UserKnownHostsFile ").append(quote(knownHosts().toString())).append('\n');
            if (!h.hostKeys().isEmpty()) {
                b.append("  StrictHostKeyChecking yes\n");
            }
        }
        SecureFiles.writePrivate(nexusConfig(), b.toString());
    }

    /** Parses the blocks this class wrote (the file is ours; anything else in it is ignored). */
    private TreeMap<String, SshHost> readHosts() {
        TreeMap<String, SshHost> hosts = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(nexusConfig(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return hosts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + nexusConfig() + ": " + e.getMessage(), e);
        }
        List<String> keys = knownHostLines();
        String ws = null;
        String hostName = null;
        String user = "dev";
        String identity = null;
        int port = 22;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i).strip() : "Host <end>";
            String[] kv = line.split("\\s+", 2);
            if (kv[0].equals("Host")) {
                if (ws != null && hostName != null && identity != null) {
                    SshHost h = new SshHost(ws, hostName, port, user, Path.of(identity), List.of());
                    hosts.put(ws, new SshHost(ws, hostName, port, user, Path.of(identity), keysOf(h, keys)));
                }
                ws = kv.length == 2 && kv[1].startsWith(SshHost.ALIAS_PREFIX) ? kv[1].substring(SshHost.ALIAS_PREFIX.length()) : null;
                hostName = null;
                identity = null;
                port = 22;
                user = "dev";
            } else if (ws != null && kv.length == 2) {
                switch (kv[0]) {
                    case "HostName" -> hostName = kv[1];
                    case "Port" -> port = Integer.parseInt(kv[1]);
                    case "User" -> user = kv[1];
                    case "IdentityFile" -> identity = unquote(kv[1]);
                    default -> { }
                }
            }
        }
        return hosts;
    }

    private static List<String> keysOf(SshHost h, List<String> knownHostLines) {
        List<String> out = new ArrayList<>();
        for (String line : knownHostLines) {
            String[] f = line.split("\\s+");
            if (f.length >= 4 && f[3].equals(h.alias())) {
                out.add(f[1] + " " + f[2]);
            }
        }
        return out;
    }

    private List<String> knownHostLines() {
        try {
            return Files.readAllLines(knownHosts(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + knownHosts() + ": " + e.getMessage(), e);
        }
    }

    private boolean isOurInclude(String line) {
        String[] kv = line.strip().split("\\s+", 2);
        return kv.length == 2 && kv[0].equalsIgnoreCase("Include") && unquote(kv[1].strip()).equals(nexusConfig().toString());
    }

    /** ~/.ssh/config itself, or the file it links to (dotfile managers keep it elsewhere; keep the link). */
    private Path realUserConfig() throws IOException {
        Path p = userConfig();
        return Files.isSymbolicLink(p) ? p.toRealPath() : p;
    }

    static String quote(String value) {
        return value.contains(" ") ? "\"" + value + "\"" : value;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
