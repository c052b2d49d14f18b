package nexus.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.api.ServerUrl;
import nexus.cli.node.RemoteShell;
import nexus.core.api.NodeInfo;
import nexus.core.api.NodeRemoved;
import nexus.core.api.NodeState;
import nexus.core.api.NodeTokenResponse;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;

/**
 * {@code nexus node list | add user@host | remove NODE} (admin): the server's nodes, making a machine a node over SSH —
 * mint a node token, copy the nexus-server runtime there, start {@code nexus-agent serve} in the background and
 * wait until the node reports online — and removing one (its token is revoked, its agent stops). The admin token
 * comes from NEXUS_ADMIN_TOKEN, --admin-token-file, or a local server's data directory.
 */
final class NodeCommands {
    private static final String DEFAULT_INSTALL_DIR = "~/.local/share/nexus";

    private NodeCommands() {}

    static CommandSpec spec() {
        OptionSpec adminToken = AdminAccess.tokenFileOption();
        return CommandSpec.command("node", "the server's nodes (admin): list them, add a machine over SSH, remove one")
                .child(CommandSpec.command("list", "list the server's nodes and their capacity")
                        .option(adminToken)
                        .handler(NodeCommands::list).build())
                .child(CommandSpec.command("add", "make a machine a node: copy the runtime over SSH and start its agent")
                        .arg(ArgSpec.required("target", ValueKind.TEXT, "user@host of the machine"))
                        .option(OptionSpec.value("port", "PORT", "its SSH port (default 22)"))
                        .option(OptionSpec.value("name", "NAME", "the node's name (default: the host)"))
                        .option(OptionSpec.value("identity", "PATH", "SSH private key for the machine (default: your Nexus key)").kind(ValueKind.PATH))
                        .option(OptionSpec.value("server-url", "URL", "how the node reaches the server (default: the server's URL)"))
                        .option(OptionSpec.value("driver", "DRIVER", "the agent's driver").choices("auto", "lxc", "sandbox"))
                        .option(OptionSpec.value("install-dir", "DIR", "where on the machine the runtime and the agent's state go "
                                + "(default " + DEFAULT_INSTALL_DIR + ")"))
                        .option(OptionSpec.value("bridge", "NAME", "the agent's bridge for its workspaces (default nexusbr0); "
                                + "each agent on a machine needs its own"))
                        .option(OptionSpec.value("subnet", "CIDR", "the IPv4 subnet of that bridge (default 10.77.0.0/16)"))
                        .option(adminToken)
                        .option(WorkspaceCommands.timeoutOption())
                        .example("nexus node add root@10.0.0.7 --server-url https://nexus.example.com:3001")
                        .handler(NodeCommands::add).build())
                .child(CommandSpec.command("remove", "remove a node: revoke its token (its agent stops) and forget it")
                        .description("""
                                The node's agent gets 401 on its next request and stops, saying so in its log; nothing on
                                the machine is touched. A node that still holds workspaces is refused unless --force, which
                                makes the server forget those workspaces too: for a machine that is gone for good.""")
                        .arg(ArgSpec.required("node", ValueKind.TEXT, "the node's name or id (`nexus node list`)"))
                        .option(OptionSpec.flag("force", "also when it holds workspaces: the server forgets them"))
                        .option(adminToken)
                        .handler(NodeCommands::remove).build())
                .build();
    }

    private static int list(Context ctx, Invocation inv) {
        List<NodeInfo> nodes = AdminAccess.client(ctx, inv).nodes();
        ctx.out().result(JsonObject.builder().putAll("nodes", nodes).build(), () -> {
            if (nodes.isEmpty()) {
                ctx.out().line("No nodes. Add one with `nexus node add user@host`.");
                return;
            }
            var st = ctx.out().style();
            ctx.out().line(st.bold(WorkspaceViews.pad("NAME", 16) + "  " + WorkspaceViews.pad("STATE", 8) + "  "
                    + WorkspaceViews.pad("WORKSPACES", 10) + "  " + WorkspaceViews.pad("DRIVERS", 16) + "  ADDRESS"));
            for (NodeInfo n : nodes) {
                String state = n.state() == NodeState.ONLINE ? st.green(n.state().wire()) : st.red(n.state().wire());
                ctx.out().line(WorkspaceViews.pad(n.name(), 16) + "  " + WorkspaceViews.pad(state, 8 + (st.color() ? 9 : 0)) + "  "
                        + WorkspaceViews.pad(Integer.toString(n.workspaces()), 10) + "  "
                        + WorkspaceViews.pad(String.join(",", n.drivers()), 16) + "  " + n.advertiseHost());
            }
        });
        return 0;
    }

    private static int remove(Context ctx, Invocation inv) {
        String node = inv.arg("node");
        NodeRemoved removed;
        try {
            removed = AdminAccess.client(ctx, inv).removeNode(node, inv.flag("force"));
        } catch (ApiException e) {
            String next = switch (e.status()) {
                case 404 -> "`nexus node list` shows the nodes";
                case 409 -> "let the owners delete its workspaces first, or pass --force if the machine is gone for good";
                default -> null;
            };
            throw next == null ? e.toCli() : e.toCli().withNext(next);
        }
        String forgotten = removed.workspacesRemoved() == 0 ? ""
                : " (the server forgot its " + removed.workspacesRemoved() + " workspace(s))";
        ctx.out().result(removed.toJson(), () -> ctx.out().line(ctx.out().style().ok("Node " + removed.name() + " is removed; "
                + "its token is revoked, so its agent stops") + forgotten));
        return 0;
    }

    private static int add(Context ctx, Invocation inv) throws IOException {
        String target = inv.arg("target");
        int at = target.indexOf('@');
        String user = at > 0 ? target.substring(0, at) : ctx.env().get("USER", "root");
        String host = at > 0 ? target.substring(at + 1) : target;
        if (!user.matches("[a-z_][a-z0-9_.-]{0,31}") || !host.matches("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}")) {
            throw CliException.usage("\"" + Names.printable(target) + "\" is not user@host", "e.g. `nexus node add root@10.0.0.7`");
        }
        Integer port = inv.intValue("port");
        String name = inv.value("name", Names.suggest(host));
        ServerClient admin = AdminAccess.client(ctx, inv);
        String serverUrl = inv.value("server-url") != null ? ServerUrl.normalize(inv.value("server-url")) : admin.baseUrl();
        if (ServerUrl.isLoopbackUrl(serverUrl) && !ServerUrl.isLoopback(host)) {
            throw CliException.usage("the node would reach the server at " + serverUrl + ", which is this machine's loopback address",
                    "pass the address the node can reach, e.g. --server-url http://<this machine's address>:3001");
        }
        String dir = inv.value("install-dir", DEFAULT_INSTALL_DIR);
        if (!dir.matches("(~/|/)[A-Za-z0-9._/-]*") || dir.contains("..")) {
            throw CliException.usage("--install-dir must be an absolute path or start with ~/ (letters, digits, . _ - /)", null);
        }
        String remote = RemoteShell.quote(List.of(dir)); // "~/" stays unquoted so the node's shell expands it
        List<String> agent = agentCommand(inv, dir, serverUrl);
        Path runtime = runtimeDir();
        Path identity = inv.value("identity") != null ? ctx.env().cwd().resolve(inv.value("identity"))
                : Workspaces.userKey(ctx).orElseThrow(() -> CliException.error("no_ssh_key", "there is no SSH key to log in to "
                        + host + " with", "pass --identity PATH, or run `nexus ssh setup`")).privateKey();
        ctx.out().info("Connecting to " + target + "…");
        NodeInfo node;
        try (RemoteShell shell = RemoteShell.connect(user, host, port == null ? 22 : port, identity,
                ctx.paths().sshDir().resolve("known_hosts"))) {
            String arch = shell.check("uname -m", "uname -m", null).stdout().strip();
            String localArch = System.getProperty("os.arch").replace("amd64", "x86_64").replace("aarch64", "aarch64");
            if (!arch.equals(localArch)) {
                throw CliException.error("arch_mismatch", host + " is " + arch + " but this nexus-server runtime is for " + localArch,
                        "install the " + arch + " nexus-server there yourself and start `nexus-agent serve --server URL --token T`");
            }
            ctx.out().info("Copying the nexus-server runtime to " + host + ":" + dir + "…");
            Process tar = ctx.programs().builder(List.of("tar", "-C", runtime.getParent().toString(), "-czf", "-",
                    runtime.getFileName().toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = tar.getInputStream()) {
                shell.check("unpacking the runtime", "mkdir -p " + remote + " && rm -rf " + remote + "/nexus-server.new && mkdir "
                        + remote + "/nexus-server.new && tar -xzf - -C " + remote + "/nexus-server.new", in);
            }
            shell.check("installing the runtime", "rm -rf " + remote + "/nexus-server && mv " + remote + "/nexus-server.new/"
                    + runtime.getFileName() + " " + remote + "/nexus-server && rmdir " + remote + "/nexus-server.new", null);
            // the token is minted only now, so a failed connection or copy does not use up the node's name
            NodeTokenResponse token = admin.nodeToken(name);
            ctx.out().info("Starting the agent…");
            // a previous agent started by this command is replaced (its pid is kept beside it); nothing else is touched.
            // The token travels on stdin into NEXUS_NODE_TOKEN, so it is in no command line (ps) on the node.
            shell.check("starting the agent", "cd && IFS= read -r NEXUS_NODE_TOKEN && export NEXUS_NODE_TOKEN && pid=$(cat " + remote
                    + "/agent.pid 2>/dev/null); if [ -n \"$pid\" ] && kill -0 \"$pid\" 2>/dev/null; then kill \"$pid\"; fi; setsid nohup "
                    + RemoteShell.quote(agent) + " >>" + remote + "/agent.log 2>&1 </dev/null & echo $! > " + remote + "/agent.pid",
                    new java.io.ByteArrayInputStream((token.token() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            node = waitOnline(admin, name, shell, remote, WorkspaceCommands.timeout(inv));
        }
        ctx.out().result(node.toJson(), () -> ctx.out().line(ctx.out().style().ok("Node " + node.name() + " is online ("
                + String.join(", ", node.drivers()) + ")")));
        return 0;
    }

    /**
     * {@code nexus-agent serve} as the node will run it. The bridge and subnet are only checked for their shape
     * here; the agent checks the rest (prefix, overlap with the machine's networks) and, when it refuses them,
     * stops at once with the reason in its log, which {@link #waitOnline} then shows.
     */
    private static List<String> agentCommand(Invocation inv, String dir, String serverUrl) {
        List<String> agent = new java.util.ArrayList<>(List.of(dir + "/nexus-server/bin/nexus-agent", "serve",
                "--server", serverUrl, "--state", dir + "/agent"));
        if (inv.value("driver") != null) {
            agent.addAll(List.of("--driver", inv.value("driver")));
        }
        passChecked(inv, agent, "bridge", "[A-Za-z0-9][A-Za-z0-9_.-]{0,14}", "a network interface name",
                "use up to 15 letters, digits, '.', '_' or '-', e.g. --bridge nexusbr1");
        passChecked(inv, agent, "subnet", "\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}", "an IPv4 subnet",
                "write it as address/prefix, e.g. --subnet 10.78.0.0/16");
        return agent;
    }

    /** Adds {@code --option value} to the agent's command when given, once it has the shape {@code pattern}. */
    private static void passChecked(Invocation inv, List<String> agent, String option, String pattern, String what, String next) {
        String value = inv.value(option);
        if (value == null) {
            return;
        }
        if (!value.matches(pattern)) {
            throw CliException.usage("--" + option + " \"" + Names.printable(value) + "\" is not " + what, next);
        }
        agent.addAll(List.of("--" + option, value));
    }

    /**
     * Waits until the server lists the node online. Meanwhile it checks over SSH that the agent is still running,
     * so an agent that stops at once (a refused flag, no usable driver) is reported with its log's last lines
     * instead of after the whole timeout.
     */
    private static NodeInfo waitOnline(ServerClient admin, String name, RemoteShell shell, String remote, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<NodeInfo> n = admin.nodes().stream().filter(x -> x.name().equals(name)).findFirst();
            if (n.isPresent() && n.get().state() == NodeState.ONLINE) {
                return n.get();
            }
            if (shell.run("kill -0 \"$(cat " + remote + "/agent.pid)\" 2>/dev/null", null).exitCode() != 0) {
                String log = shell.run("tail -n 5 " + remote + "/agent.log 2>/dev/null", null).stdout().strip();
                throw CliException.error("agent_exited", "the agent on the node stopped" + (log.isEmpty() ? " without writing to agent.log"
                        : ": " + log), "fix what it says and run `nexus node add` again (agent.log in the install directory has the whole log)");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CliException(ExitCode.TIMEOUT, "node_timeout", "node " + name + " did not come online within "
                + timeout.toSeconds() + "s", "look at agent.log in the install directory on the node");
    }

    /** The nexus-server runtime to copy: the one installed beside this CLI. */
    private static Path runtimeDir() {
        Path sibling = Path.of(System.getProperty("java.home")).resolveSibling("nexus-server");
        if (!Files.isExecutable(sibling.resolve("bin/nexus-agent"))) {
            throw CliException.error("server_runtime_missing", "the nexus-server runtime is not installed beside this nexus (" + sibling + ")",
                    "install both runtimes (install.sh), or set up the node by hand: copy nexus-server there and run nexus-agent serve");
        }
        return sibling;
    }
}
