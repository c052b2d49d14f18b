package nexus.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.forward.ForwardState;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceList;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.util.Durations;

/**
 * {@code nexus workspace} (alias {@code ws}): list, status, services and the lifecycle commands; create, the
 * connection commands and forward are children defined in their own classes.
 */
final class WorkspaceCommands {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private WorkspaceCommands() {}

    static ArgSpec workspaceArg() {
        return ArgSpec.required("workspace", ValueKind.WORKSPACE, "workspace name (or id)");
    }

    static OptionSpec timeoutOption() {
        return OptionSpec.value("timeout", "DURATION", "how long to wait (default 15m; e.g. 90s, 10m)");
    }

    static CommandSpec spec() {
        return CommandSpec.command("workspace", "create, inspect, connect to and manage workspaces")
                .alias("ws")
                .child(CreateCommand.spec())
                .child(CommandSpec.command("list", "list your workspaces")
                        .option(OptionSpec.value("status", "STATE", "only workspaces in this state")
                                .choices("pending", "creating", "running", "stopping", "stopped", "starting", "deleting", "error", "unknown"))
                        .option(OptionSpec.value("limit", "N", "at most N workspaces (default 50)"))
                        .option(OptionSpec.value("offset", "N", "skip the first N"))
                        .description("With --quiet, prints only the names (one per line), for scripts and shell completion.")
                        .handler(WorkspaceCommands::list).build())
                .child(CommandSpec.command("status", "show a workspace's state, services, SSH and timeline")
                        .arg(workspaceArg())
                        .option(OptionSpec.flag("watch", "follow changes until the workspace settles (running, stopped or error)"))
                        .option(timeoutOption())
                        .handler(WorkspaceCommands::status).build())
                .child(CommandSpec.command("services", "list a workspace's services, their local URLs and forwards")
                        .arg(workspaceArg())
                        .handler(WorkspaceCommands::services).build())
                .child(ConnectCommands.connectSpec())
                .child(ConnectCommands.sshSpec())
                .child(ConnectCommands.execSpec())
                .child(ConnectCommands.logsSpec())
                .child(ForwardCommands.spec())
                .child(lifecycle("stop", "stop a workspace (its disk and ports are kept)", true))
                .child(lifecycle("start", "start a stopped workspace", false))
                .child(lifecycle("restart", "restart a workspace", false))
                .child(CommandSpec.command("delete", "delete a workspace and everything in it")
                        .arg(workspaceArg())
                        .option(OptionSpec.flag("yes", "do not ask for confirmation").shortName("y"))
                        .option(OptionSpec.flag("force", "delete even with uncommitted or unpushed work (a running workspace is deleted without it)"))
                        .option(OptionSpec.flag("no-wait", "return once the server accepted the deletion"))
                        .option(timeoutOption())
                        .handler(WorkspaceCommands::delete).build())
                .example("nexus ws create my-org/shop --name shop")
                .example("nexus ws status shop --watch")
                .example("nexus ws exec shop -- npm test")
                .build();
    }

    private static CommandSpec lifecycle(String verb, String summary, boolean force) {
        CommandSpec.Builder b = CommandSpec.command(verb, summary).arg(workspaceArg())
                .option(OptionSpec.flag("no-wait", "return once the server accepted the request"))
                .option(timeoutOption())
                .handler((ctx, inv) -> lifecycle(ctx, inv, verb));
        if (force) {
            b.option(OptionSpec.flag("force", "stop without running the pre_stop hook or waiting for services"));
        }
        return b.build();
    }

    static Duration timeout(Invocation inv) {
        String t = inv.value("timeout");
        if (t == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--timeout: " + e.getMessage(), inv.commandLine() + " --help");
        }
    }

    private static int list(Context ctx, Invocation inv) {
        Integer limit = inv.intValue("limit");
        Integer offset = inv.intValue("offset");
        WorkspaceList list = ctx.authedApi().list(inv.value("status"), limit == null ? 50 : limit, offset == null ? 0 : offset);
        ctx.out().result(list.toJson(), () -> {
            if (ctx.out().quiet()) {
                list.workspaces().forEach(w -> ctx.out().line(w.name()));
            } else {
                WorkspaceViews.printList(ctx.out(), list.workspaces());
                if (list.total() > list.offset() + list.workspaces().size()) {
                    ctx.out().line(ctx.out().style().dim("… " + list.total() + " in all; see more with --offset "
                            + (list.offset() + list.workspaces().size())));
                }
            }
        });
        return 0;
    }

    private static int status(Context ctx, Invocation inv) {
        String ws = Workspaces.name(inv);
        ServerClient api = ctx.authedApi();
        Workspace w = api.workspace(ws);
        if (inv.flag("watch")) {
            w = WorkspaceWatcher.follow(ctx.out(), api, w, WorkspaceWatcher::settled, timeout(inv), true);
        }
        Workspaces.syncSsh(ctx, w);
        Workspace shown = w;
        Optional<ForwardState> fwd = Workspaces.forwarders(ctx).running(w.name());
        ctx.out().result(w.toJson(), () -> WorkspaceViews.printStatus(ctx.out(), shown, fwd));
        return shown.status() == WorkspaceState.ERROR && inv.flag("watch") ? ExitCode.ERROR.code() : 0;
    }

    private static int services(Context ctx, Invocation inv) {
        Workspace w = ctx.authedApi().workspace(Workspaces.name(inv));
        Optional<ForwardState> fwd = Workspaces.forwarders(ctx).running(w.name());
        JsonObject doc = JsonObject.builder()
                .put("workspace", w.name())
                .put("status", w.status())
                .put("forwarder", fwd.map(f -> JsonObject.builder().put("pid", f.pid()).put("connection", f.connection())
                        .put("message", f.message()).build()).orElse(null))
                .put("services", WorkspaceViews.servicesJson(w, fwd))
                .build();
        ctx.out().result(doc, () -> {
            WorkspaceViews.printServices(ctx.out(), w, fwd, "");
            if (fwd.isEmpty() && !w.services().isEmpty()) {
                ctx.out().line(ctx.out().style().dim("Forward them to this machine with `nexus workspace forward " + w.name() + "`."));
            } else if (fwd.isPresent() && !fwd.get().connection().equals("connected")) {
                ctx.out().line(ctx.out().style().yellow("forwarder: " + fwd.get().connection()
                        + (fwd.get().message() == null ? "" : " — " + fwd.get().message())));
            }
        });
        return 0;
    }

    private static int lifecycle(Context ctx, Invocation inv, String verb) {
        String ws = Workspaces.name(inv);
        ServerClient api = ctx.authedApi();
        switch (verb) {
            case "stop" -> api.stop(ws, inv.flag("force"));
            case "start" -> api.start(ws);
            default -> api.restart(ws);
        }
        Workspace w = api.workspace(ws);
        if (!inv.flag("no-wait")) {
            Set<WorkspaceState> target = verb.equals("stop") ? Set.of(WorkspaceState.STOPPED, WorkspaceState.ERROR)
                    : Set.of(WorkspaceState.RUNNING, WorkspaceState.ERROR);
            w = WorkspaceWatcher.follow(ctx.out(), api, w, x -> target.contains(x.status()), timeout(inv), false);
        }
        if (!verb.equals("stop")) {
            Workspaces.syncSsh(ctx, w);
        }
        Workspace done = w;
        ctx.out().result(done.toJson(), () -> ctx.out().line(done.status() == WorkspaceState.ERROR
                ? ctx.out().style().fail(done.name() + ": " + (done.error() == null ? "error" : done.error().message()))
                : ctx.out().style().ok(done.name() + " is " + done.status().wire())));
        if (done.status() == WorkspaceState.ERROR) {
            return ExitCode.ERROR.code();
        }
        return 0;
    }

    private static int delete(Context ctx, Invocation inv) {
        String ws = Workspaces.name(inv);
        ServerClient api = ctx.authedApi();
        Workspace w = api.workspace(ws);
        if (!inv.flag("yes")) {
            confirm(ctx, "Delete workspace " + w.name() + " (" + WorkspaceViews.repoLabel(w) + ")? Its container and anything "
                    + "not pushed are gone for good. [y/N] ", "nexus workspace delete " + w.name() + " --yes");
        }
        try {
            api.delete(w.workspaceId(), inv.flag("force"));
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw e.toCli().withNext(e.getMessage().contains("--force") ? null
                        : "commit and push your work (`nexus workspace ssh " + w.name() + "`), or pass --force to delete it anyway");
            }
            throw e;
        }
        boolean forwardStopped = Workspaces.forwarders(ctx).stop(w.name());
        boolean sshRemoved = ctx.sshConfig().removeHost(w.name());
        boolean gone = false;
        if (!inv.flag("no-wait")) {
            try {
                WorkspaceWatcher.follow(ctx.out(), api, api.workspace(w.workspaceId()),
                        x -> x.status() == WorkspaceState.DELETED, timeout(inv), false);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            gone = true;
        }
        boolean deleted = gone;
        JsonObject doc = JsonObject.builder().put("workspace", w.name()).put("workspace_id", w.workspaceId())
                .put("deleted", deleted).put("ssh_config_removed", sshRemoved).put("forward_stopped", forwardStopped).build();
        ctx.out().result(doc, () -> ctx.out().line(ctx.out().style().ok(deleted ? "Deleted " + w.name()
                : "Deleting " + w.name() + " (in the background)")));
        return 0;
    }

    /** Asks on the terminal; without one, refuses and names the flag that answers yes. */
    static void confirm(Context ctx, String question, String nonInteractive) {
        if (!ctx.env().interactive() || ctx.out().json()) {
            throw CliException.usage("this needs confirmation and there is no terminal to ask on", "run `" + nonInteractive + "`");
        }
        ctx.env().err().print(question);
        ctx.env().err().flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(ctx.env().in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            throw new CliException(ExitCode.ERROR, "cancelled", "cancelled; nothing was changed", null);
        }
    }
}
