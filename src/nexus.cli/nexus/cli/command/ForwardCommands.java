package nexus.cli.command;

import java.time.Duration;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ServerClient;
import nexus.cli.forward.ForwardDaemon;
import nexus.cli.forward.ForwardState;
import nexus.cli.forward.Forwarders;
import nexus.cli.output.Output;
import nexus.cli.ssh.LoginKey;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.Workspace;
import nexus.core.json.JsonObject;

/**
 * {@code workspace forward <ws> [--stop]} and the hidden {@code __forward <ws>} the background forwarder runs as.
 */
final class ForwardCommands {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private ForwardCommands() {}

    static CommandSpec spec() {
        return CommandSpec.command("forward", "forward a workspace's service ports to localhost, in the background")
                .description("""
                        Starts a background forwarder (it survives closing the terminal) that makes each service reachable at
                        http://localhost:<port> on this machine through SSH to the workspace, reconnects when the connection
                        drops and retries ports that were in use. `nexus workspace services <ws>` shows each forward's state;
                        --stop ends it (deleting the workspace does too).""")
                .arg(WorkspaceCommands.workspaceArg())
                .option(OptionSpec.flag("stop", "stop the workspace's forwarder"))
                .option(OptionSpec.flag("foreground", "run the forwarder in this terminal instead (Ctrl-C stops it)"))
                .handler(ForwardCommands::forward).build();
    }

    static CommandSpec daemonSpec() {
        return CommandSpec.command(Forwarders.DAEMON_COMMAND, "the background port forwarder (started by `workspace forward`)")
                .arg(WorkspaceCommands.workspaceArg())
                .hidden()
                .handler(ForwardCommands::daemon).build();
    }

    private static int forward(Context ctx, Invocation inv) {
        String ws = Workspaces.name(inv);
        Forwarders forwarders = Workspaces.forwarders(ctx);
        if (inv.flag("stop")) {
            boolean stopped = forwarders.stop(ws);
            ctx.out().result(JsonObject.builder().put("workspace", ws).put("stopped", stopped).build(),
                    () -> ctx.out().line(stopped ? ctx.out().style().ok("Stopped forwarding " + ws)
                            : "No forwarder was running for " + ws));
            return 0;
        }
        Workspace w = ctx.authedApi().workspace(ws);
        requireUsableKey(ctx, w);
        if (inv.flag("foreground")) {
            return runDaemon(ctx, w.name(), ctx.env().err());
        }
        ForwardState state = forwarders.start(w.name(), Workspaces.serverArgs(ctx, inv), SETTLE);
        return report(ctx.out(), state, forwarders);
    }

    /** Prints the forwarder's state (loudly for ports in use) and returns 5 when any port could not be bound. */
    static int report(Output out, ForwardState state, Forwarders forwarders) {
        boolean conflict = state.forwards().stream().anyMatch(f -> f.state().equals("bind_conflict"));
        JsonObject doc = JsonObject.builder()
                .put("workspace", state.workspace())
                .put("pid", state.pid())
                .put("connection", state.connection())
                .put("message", state.message())
                .putAll("forwards", state.forwards())
                .put("state_file", forwarders.files().stateFile(state.workspace()).toString())
                .put("log_file", forwarders.files().logFile(state.workspace()).toString())
                .build();
        out.result(doc, () -> {
            out.line("Forwarding " + state.workspace() + " " + out.style().dim("(pid " + state.pid() + ", " + state.connection() + ")"));
            for (ForwardState.Forward f : state.forwards()) {
                String label = switch (f.state()) {
                    case "listening" -> out.style().green("listening");
                    case "bind_conflict" -> out.style().red("NOT forwarded: " + f.message());
                    default -> out.style().yellow(f.state());
                };
                out.line("  " + WorkspaceViews.pad(f.service(), 10) + "  " + WorkspaceViews.pad(f.localUrl(), 24) + "  → :"
                        + f.remotePort() + "  " + label);
            }
            if (state.message() != null) {
                out.line("  " + out.style().yellow(state.message()));
            }
            out.line(out.style().dim("Stop with `nexus workspace forward " + state.workspace() + " --stop`; log: "
                    + forwarders.files().logFile(state.workspace())));
        });
        if (conflict) {
            state.forwards().stream().filter(f -> f.state().equals("bind_conflict")).forEach(f -> out.warn(f.service()
                    + " is not forwarded: " + f.message() + ". Stop that program; the forwarder retries every 10s."));
            return ExitCode.CONFLICT.code();
        }
        return 0;
    }

    /**
     * The forwarder logs in with the user's key unattended: it must exist, and have no passphrase or be held by the
     * user's ssh-agent.
     */
    static void requireUsableKey(Context ctx, Workspace w) {
        if (!Workspaces.syncSsh(ctx, w) && w.ssh() != null) {
            throw CliException.error("no_ssh_key", "there is no SSH key for the forwarder to log in with", "run `nexus ssh setup`");
        }
        loginKey(ctx).problem().ifPresent(p -> {
            throw CliException.error("key_encrypted", p.message(), p.next());
        });
    }

    private static LoginKey loginKey(Context ctx) {
        SshKeyPair key = Workspaces.userKey(ctx).orElseThrow(() ->
                CliException.error("no_ssh_key", "there is no SSH key for the forwarder to log in with", "run `nexus ssh setup`"));
        return new LoginKey(key, ctx.env().get("SSH_AUTH_SOCK"));
    }

    private static int daemon(Context ctx, Invocation inv) {
        return runDaemon(ctx, Workspaces.name(inv), ctx.env().err());
    }

    private static int runDaemon(Context ctx, String ws, java.io.PrintStream log) {
        ServerClient api = ctx.authedApi();
        ForwardDaemon daemon = new ForwardDaemon(ws, api.baseUrl(), () -> api.workspace(ws), loginKey(ctx), ctx.sshConfig(),
                Workspaces.forwarders(ctx).files(), log, ForwardDaemon.Timing.DEFAULT);
        // SIGTERM (`forward --stop`, delete) and Ctrl-C end it cleanly: session closed, state file removed
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop));
        daemon.run();
        return 0;
    }
}
