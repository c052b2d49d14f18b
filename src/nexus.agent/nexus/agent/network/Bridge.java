package nexus.agent.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.agent.Log;
import nexus.core.util.ProcessRunner;

/**
 * The Nexus bridge every workspace of this agent is attached to. It carries the workspaces' gateway address and
 * an interface alias naming the agent state directory that owns it, so a second agent (another state dir) on
 * the same host refuses it instead of handing out colliding addresses. Workspace ports on it are isolated
 * (bridge port isolation): workspaces reach the host and, through NAT, the outside, but never each other.
 */
public final class Bridge {
    private static final Log LOG = Log.of("network");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String OWNER_PREFIX = "nexus-agent ";

    private final String name;
    private final Subnet subnet;
    private final String owner;

    public Bridge(String name, Subnet subnet, Path stateDir) {
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_-]{0,14}")) {
            throw new IllegalArgumentException("bridge name \"" + name + "\" is not a valid interface name "
                    + "(letters, digits, - and _, at most 15 characters)");
        }
        this.name = name;
        this.subnet = subnet;
        this.owner = OWNER_PREFIX + stateDir.toAbsolutePath().normalize();
    }

    public String name() {
        return name;
    }

    public Subnet subnet() {
        return subnet;
    }

    public boolean exists() {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** Creates the bridge with its address if missing, or checks that the existing one is this agent's. */
    public void ensure() {
        String gateway = Subnet.format(subnet.gateway()) + "/" + subnet.prefix();
        if (exists()) {
            String alias = readAlias();
            if (alias.startsWith(OWNER_PREFIX) && !Files.isDirectory(Path.of(alias.substring(OWNER_PREFIX.length())))) {
                // its agent's state dir is gone (a removed test installation): nothing can still use it
                LOG.info("taking over bridge " + name + " from a removed agent state dir (" + alias.substring(OWNER_PREFIX.length()) + ")");
                ip("link", "set", "dev", name, "alias", owner);
                alias = owner;
            }
            if (!owner.equals(alias)) {
                throw new IllegalStateException("bridge " + name + " exists but belongs to "
                        + (alias.startsWith(OWNER_PREFIX) ? "the agent with state dir " + alias.substring(OWNER_PREFIX.length()) : "something other than Nexus")
                        + "; give this agent its own --bridge and --subnet");
            }
        } else {
            checkSubnetIsFree();
            LOG.info("creating bridge " + name + " with " + gateway);
            ip("link", "add", "name", name, "type", "bridge");
            ip("link", "set", "dev", name, "alias", owner);
        }
        if (!ip("-4", "-o", "addr", "show", "dev", name).contains(" " + gateway + " ")) {
            ip("addr", "replace", gateway, "dev", name);
        }
        ip("link", "set", "dev", name, "up");
        // DNAT from 127.0.0.1 to a workspace needs loopback-sourced packets routed out of the bridge.
        sysctl("net/ipv4/conf/" + name + "/route_localnet", "1");
        sysctl("net/ipv4/ip_forward", "1");
    }

    /** Isolates a workspace port so it can talk to the host but not to other workspace ports. */
    public void isolate(String port) {
        ProcessRunner.of("bridge", "link", "set", "dev", port, "isolated", "on").timeout(TIMEOUT).check();
    }

    /** The interfaces attached to the bridge. */
    public List<String> ports() {
        Path dir = Path.of("/sys/class/net", name, "brif");
        List<String> ports = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                s.forEach(p -> ports.add(p.getFileName().toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ports;
    }

    /** Removes the bridge (only when it is this agent's). */
    public void destroy() {
        if (exists() && owner.equals(readAlias())) {
            LOG.info("removing bridge " + name);
            ip("link", "del", "dev", name);
        }
    }

    private String readAlias() {
        try {
            return Files.readString(Path.of("/sys/class/net", name, "ifalias")).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void checkSubnetIsFree() {
        for (String line : ip("-4", "-o", "route", "show").split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 3 || words[0].equals("default") || !words[0].contains("/")) {
                continue;
            }
            Subnet route;
            try {
                route = Subnet.parse(words[0]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            int dev = List.of(words).indexOf("dev");
            String device = dev >= 0 && dev + 1 < words.length ? words[dev + 1] : "?";
            if (route.overlaps(subnet) && !device.equals(name)) {
                throw new IllegalStateException("subnet " + subnet + " overlaps " + route + " on " + device
                        + "; choose another --subnet");
            }
        }
    }

    static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return ProcessRunner.of(command).timeout(TIMEOUT).check().stdout();
    }

    static void sysctl(String key, String value) {
        Path file = Path.of("/proc/sys", key);
        try {
            if (!Files.readString(file).strip().equals(value)) {
                Files.writeString(file, value);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not set " + key.replace('/', '.') + "=" + value + ": " + e.getMessage());
        }
    }
}
