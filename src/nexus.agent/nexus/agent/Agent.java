package nexus.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import nexus.agent.client.ServerClient;
import nexus.agent.client.ServerLink;
import nexus.agent.provision.UploadSource;
import nexus.core.Version;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistration;
import nexus.core.util.ProcessRunner;

/** A running node agent: the local node (driver, network, reconciler) connected to its server. */
public final class Agent implements AutoCloseable {
    private static final Log LOG = Log.of("agent");

    private final LocalNode node;
    private final ServerLink link;

    private Agent(LocalNode node, ServerLink link) {
        this.node = node;
        this.link = link;
    }

    /** Prepares the node, re-adopts its workspaces and connects to the server (retrying until it answers). */
    public static Agent start(AgentOptions options) throws Exception {
        AtomicReference<ServerLink> linkRef = new AtomicReference<>();
        UploadSource uploads = (id, into) -> {
            ServerLink l = linkRef.get();
            if (l == null) {
                throw new java.io.IOException("the agent is not connected to its server yet");
            }
            l.fetchUpload(id, into);
        };
        LocalNode node = LocalNode.open(options, uploads, o -> {
            ServerLink l = linkRef.get();
            if (l != null) {
                l.report(o);
            }
        });
        try {
            String name = options.name() != null ? options.name() : hostname();
            String advertise = options.advertiseHost() != null ? options.advertiseHost() : defaultAddress();
            if (node.driver().name().equals("sandbox")) {
                LOG.warn("the sandbox driver isolates workspaces less than containers do: " + node.driver().isolation());
            }
            ServerLink link = new ServerLink(new ServerClient(options.server(), options.token()),
                    () -> new NodeRegistration(name, advertise, List.of(node.driver().name()), capacity(options, node),
                            options.sshPorts(), options.servicePorts(), Version.current()),
                    () -> heartbeat(node), node.reconciler());
            linkRef.set(link);
            LOG.info("node " + name + " (" + advertise + "), driver " + node.driver().name() + ", state " + options.stateDir()
                    + ", server " + options.server());
            link.start();
            return new Agent(node, link);
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    public LocalNode node() {
        return node;
    }

    public String nodeId() {
        return link.nodeId();
    }

    /** Why the agent gave up talking to the server (a rejected token), or null. */
    public String failure() {
        return link.failure();
    }

    /**
     * Disconnects and stops converging; the workspaces keep running. An agent that holds no workspace any more
     * also removes its bridge and firewall chains, so a node (or a test installation) that is done leaves nothing.
     */
    @Override
    public void close() {
        link.close();
        node.close();
        if (node.reconciler().instances() == 0 && node.driver().list().isEmpty()) {
            try {
                node.network().teardown();
            } catch (RuntimeException e) {
                LOG.warn("could not remove the node network: " + e.getMessage());
            }
        }
    }

    private static Capacity capacity(AgentOptions options, LocalNode node) {
        long diskMb;
        try {
            diskMb = Files.getFileStore(options.stateDir()).getTotalSpace() >> 20;
        } catch (IOException e) {
            diskMb = 0;
        }
        int addresses = node.network().bridge().subnet().lastHost() - node.network().bridge().subnet().firstHost() + 1;
        return new Capacity(Runtime.getRuntime().availableProcessors(), meminfo("MemTotal") >> 10, diskMb,
                Math.min(options.sshPorts().size(), addresses));
    }

    private static Heartbeat heartbeat(LocalNode node) {
        double load = 0;
        try {
            load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            // no load figure on this host
        }
        return new Heartbeat(node.reconciler().instances(), meminfo("MemAvailable") >> 10, load);
    }

    /** A /proc/meminfo value in KiB, 0 when unknown. */
    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "node";
        }
    }

    /** The address of the interface the default route uses, else the hostname. */
    static String defaultAddress() {
        ProcessRunner.Result r = ProcessRunner.of("ip", "-4", "route", "get", "1.1.1.1").run();
        String[] words = r.stdout().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("src")) {
                return words[i + 1];
            }
        }
        return hostname();
    }
}
