package nexus.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import nexus.agent.driver.lxc.LxcDriver;
import nexus.agent.image.ImageBuildException;
import nexus.agent.image.ImageSpec;
import nexus.agent.image.ImageStore;
import nexus.agent.network.Subnet;
import nexus.core.Version;
import nexus.core.protocol.PortRange;
import nexus.core.repo.HostPathPolicy;

/** Entry point of {@code nexus-agent}: every error is one line on stderr, never a stack trace. */
public final class Main {
    private static final String USAGE = """
            usage: nexus-agent serve --server URL --token NODE_TOKEN [options]
                   nexus-agent image build [--rebuild] [--state DIR] [--image-cache DIR] [--mirror URL]
                   nexus-agent --version | --help

            serve: register this host as a Nexus node, keep its workspaces converged to what the server assigns.
              --server URL            the Nexus server, e.g. https://nexus.example.com:3001
              --token TOKEN           a node token (nexus-server admin: POST /api/v1/nodes/tokens); or NEXUS_NODE_TOKEN
              --driver NAME           auto (default), lxc or sandbox
              --advertise HOST        the address users reach this node's ports on (default: the default route's)
              --state DIR             where the agent keeps its state (default /var/lib/nexus-agent)
              --name NAME             the node's name (default: the hostname)
              --ssh-ports A-B         node ports for workspace SSH (default 2222-2299)
              --service-ports A-B     node ports for workspace services (default 23000-23999)
              --publish-services      service ports answer on every node address (default: 127.0.0.1 only;
                                      users reach services through `nexus workspace forward`)
              --bridge NAME           the workspaces' bridge (default nexusbr0)
              --subnet CIDR           the workspaces' addresses (default 10.77.0.0/16)
              --image-cache DIR       where base images are built and kept (default STATE/images)
              --mirror URL            Debian mirror for the base image (default http://deb.debian.org/debian)
              --allow-local-repos DIR workspaces may be made from repositories in DIR on this node by path
                                      (file:///..., /abs/path); repeatable; none by default
              --log-level LEVEL       debug, info (default), warn or error
            image build: build the lxc driver's base image now (it is otherwise built on first use).
            """;

    private Main() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("nexus-agent: " + e.getMessage() + " (nexus-agent --help shows the usage)");
            System.exit(2);
        } catch (ImageBuildException e) {
            System.err.println("nexus-agent: " + e.getMessage());
            e.outputTail().stream().skip(Math.max(0, e.outputTail().size() - 10)).forEach(l -> System.err.println("  " + l));
            System.exit(1);
        } catch (Exception e) {
            System.err.println("nexus-agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        boolean help = java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
        if (args.length == 0 || help || args[0].equals("help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("version")) {
            System.out.println("nexus-agent " + Version.current());
            return 0;
        }
        if (args[0].equals("serve")) {
            return serve(options(parse(args, 1, Set.of("--server", "--token", "--driver", "--advertise", "--state", "--name",
                    "--ssh-ports", "--service-ports", "--bridge", "--subnet", "--image-cache", "--mirror", "--log-level",
                    ALLOW_LOCAL_REPOS), Set.of("--publish-services")), true));
        }
        if (args[0].equals("image") && args.length > 1 && args[1].equals("build")) {
            Map<String, String> flags = parse(args, 2, Set.of("--state", "--image-cache", "--mirror", "--log-level"), Set.of("--rebuild"));
            AgentOptions o = options(flags, false);
            LxcDriver.checkHost();
            ImageStore store = new ImageStore(o.images(), ImageSpec.standard(Drivers.mirror(o), LxcDriver.ID_SHIFT));
            Path built = store.ensure(flags.containsKey("--rebuild"));
            System.out.println(built.resolve("rootfs"));
            return 0;
        }
        throw new UsageException("unknown command \"" + args[0] + "\"");
    }

    private static int serve(AgentOptions options) throws Exception {
        Agent agent = Agent.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        while (agent.failure() == null) {
            if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                return 0;
            }
        }
        System.err.println("nexus-agent: " + agent.failure());
        return 1;
    }

    /** The one repeatable flag: its values are kept joined by NUL, which no path contains. */
    private static final String ALLOW_LOCAL_REPOS = "--allow-local-repos";

    private static Map<String, String> parse(String[] args, int from, Set<String> valued, Set<String> switches) {
        Map<String, String> flags = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.startsWith("--") && a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            if (valued.contains(a)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    value = args[++i];
                }
                boolean repeatable = a.equals(ALLOW_LOCAL_REPOS);
                flags.merge(a, value, (before, added) -> repeatable ? before + "\0" + added : added);
            } else if (switches.contains(a) && value == null) {
                flags.put(a, "");
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option " + a);
            } else {
                rest.add(a);
            }
        }
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected argument \"" + rest.getFirst() + "\"");
        }
        return flags;
    }

    private static AgentOptions options(Map<String, String> f, boolean serving) {
        String level = f.getOrDefault("--log-level", "info");
        try {
            Log.setThreshold(Log.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--log-level must be debug, info, warn or error");
        }
        URI server = null;
        String token = null;
        if (serving) {
            if (!f.containsKey("--server")) {
                throw new UsageException("serve needs --server URL");
            }
            server = parseServer(f.get("--server"));
            token = f.getOrDefault("--token", System.getenv("NEXUS_NODE_TOKEN"));
            if (token == null || token.isBlank()) {
                throw new UsageException("serve needs --token NODE_TOKEN (or NEXUS_NODE_TOKEN)");
            }
        }
        String driver = f.getOrDefault("--driver", "auto");
        if (!Set.of("auto", "lxc", "sandbox").contains(driver)) {
            throw new UsageException("--driver must be auto, lxc or sandbox (this agent has no \"" + driver + "\" driver)");
        }
        PortRange ssh = range(f, "--ssh-ports", PortRange.DEFAULT_SSH);
        PortRange services = range(f, "--service-ports", PortRange.DEFAULT_SERVICES);
        if (ssh.first() <= services.last() && services.first() <= ssh.last()) {
            throw new UsageException("--ssh-ports " + ssh + " and --service-ports " + services + " overlap");
        }
        Subnet subnet;
        try {
            subnet = f.containsKey("--subnet") ? Subnet.parse(f.get("--subnet")) : AgentOptions.DEFAULT_SUBNET;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--subnet: " + e.getMessage());
        }
        return new AgentOptions(server, token, driver, f.get("--advertise"),
                Path.of(f.getOrDefault("--state", AgentOptions.DEFAULT_STATE.toString())).toAbsolutePath(), f.get("--name"),
                ssh, services, f.getOrDefault("--bridge", AgentOptions.DEFAULT_BRIDGE), subnet,
                f.containsKey("--image-cache") ? Path.of(f.get("--image-cache")).toAbsolutePath() : null, f.get("--mirror"),
                f.containsKey("--publish-services"), hostPaths(f.get(ALLOW_LOCAL_REPOS)));
    }

    private static HostPathPolicy hostPaths(String joined) {
        if (joined == null) {
            return HostPathPolicy.NONE;
        }
        try {
            return HostPathPolicy.allowing(java.util.Arrays.stream(joined.split("\0")).map(Path::of).toList());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static URI parseServer(String text) {
        try {
            URI u = URI.create(text);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server must be an http(s) URL like https://nexus.example.com:3001, got \"" + text + "\"");
        }
    }

    private static PortRange range(Map<String, String> f, String flag, PortRange fallback) {
        if (!f.containsKey(flag)) {
            return fallback;
        }
        try {
            return PortRange.parse(f.get(flag));
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    /** Wrong command line: exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
