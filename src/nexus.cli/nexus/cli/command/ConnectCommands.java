package nexus.cli.command;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.editor.Editor;
import nexus.cli.editor.EditorChooser;
import nexus.cli.ssh.SshHost;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;

/** {@code workspace connect | ssh | exec | logs}: getting into a workspace over SSH, with the editor or a shell. */
final class ConnectCommands {
    private ConnectCommands() {}

    static CommandSpec connectSpec() {
        return CommandSpec.command("connect", "open your editor on a workspace (always prints the SSH command and deep link)")
                .arg(WorkspaceCommands.workspaceArg())
                .option(OptionSpec.value("editor", "EDITOR", "the editor (default: NEXUS_EDITOR, the saved one, then the first installed)")
                        .choices(Editor.names().toArray(String[]::new)))
                .handler(ConnectCommands::connect).build();
    }

    static CommandSpec sshSpec() {
        return CommandSpec.command("ssh", "open a shell in a workspace, or run a command there")
                .arg(WorkspaceCommands.workspaceArg())
                .passThrough()
                .example("nexus ws ssh shop")
                .example("nexus ws ssh shop -- git status")
                .handler(ConnectCommands::ssh).build();
    }

    static CommandSpec execSpec() {
        return CommandSpec.command("exec", "run a command in a workspace (exit code passed through)")
                .arg(WorkspaceCommands.workspaceArg())
                .passThrough()
                .example("nexus ws exec shop -- npm test")
                .handler(ConnectCommands::exec).build();
    }

    static CommandSpec logsSpec() {
        return CommandSpec.command("logs", "show the logs of a workspace's services")
                .arg(WorkspaceCommands.workspaceArg())
                .option(OptionSpec.value("service", "NAME", "only this service"))
                .option(OptionSpec.flag("follow", "keep printing new lines").shortName("f"))
                .option(OptionSpec.value("lines", "N", "how many lines of each log (default 100)").shortName("n"))
                .handler(ConnectCommands::logs).build();
    }

    /** The workspace, refreshed into the SSH config; fails with the next step unless it runs. */
    private static Workspace reachable(Context ctx, String ws) {
        Workspace w = ctx.authedApi().workspace(ws);
        if (w.status() != WorkspaceState.RUNNING || w.ssh() == null) {
            String next = switch (w.status()) {
                case STOPPED -> "start it with `nexus workspace start " + w.name() + "`";
                case ERROR -> "see why with `nexus workspace status " + w.name() + "`";
                default -> "wait for it with `nexus workspace status " + w.name() + " --watch`";
            };
            throw new CliException(ExitCode.CONFLICT, "workspace_not_running", "workspace " + w.name() + " is "
                    + w.status().wire() + ", not running", next);
        }
        if (!Workspaces.syncSsh(ctx, w)) {
            throw CliException.error("no_ssh_key", "there is no SSH key to log in to " + w.name() + " with", "run `nexus ssh setup`");
        }
        return w;
    }

    private static void requireSsh(Context ctx) {
        if (!ctx.programs().installed("ssh")) {
            throw CliException.error("ssh_missing", "the OpenSSH client (ssh) is not installed",
                    "install it (Debian/Ubuntu: sudo apt-get install openssh-client); `nexus doctor` checks the rest");
        }
    }

    private static int connect(Context ctx, Invocation inv) throws IOException {
        Workspace w = reachable(ctx, Workspaces.name(inv));
        EditorChooser.Choice choice = new EditorChooser(ctx.programs()).choose(inv.value("editor"), ctx.settings().editor());
        boolean launched = launchEditor(ctx, w.name(), choice.editor());
        JsonObject doc = connectJson(w.name(), choice, launched);
        ctx.out().result(doc, () -> printConnect(ctx, w.name(), choice, launched));
        return 0;
    }

    static JsonObject connectJson(String ws, EditorChooser.Choice choice, boolean launched) {
        List<String> cmd = choice.editor().command(ws);
        return JsonObject.builder()
                .put("workspace", ws)
                .put("ssh_host", SshHost.alias(ws))
                .put("ssh_command", "ssh " + SshHost.alias(ws))
                .put("deep_link", Editor.deepLink(choice.editor(), ws))
                .put("folder_uri", Editor.folderUri(ws))
                .put("editor", choice.editor().wire())
                .put("editor_source", choice.source())
                .put("editor_command", cmd == null ? null : JsonArray.ofStrings(cmd))
                .put("launched", launched)
                .build();
    }

    static void printConnect(Context ctx, String ws, EditorChooser.Choice choice, boolean launched) {
        var out = ctx.out();
        if (launched) {
            out.line(out.style().ok("Opened " + choice.editor().wire() + " on " + ws));
        } else if (choice.editor() == Editor.NONE && choice.source().equals("none found")) {
            out.line(out.style().warn("No editor found (looked for cursor, code, zed, vim); open it yourself:"));
        }
        out.line("  SSH        ssh " + SshHost.alias(ws));
        out.line("  Deep link  " + Editor.deepLink(choice.editor(), ws));
    }

    /** Opens the editor without waiting for it (a terminal editor takes the terminal until it exits). */
    static boolean launchEditor(Context ctx, String ws, Editor editor) throws IOException {
        if (editor == Editor.NONE) {
            return false;
        }
        if (!ctx.programs().installed(editor.program())) {
            throw CliException.error("editor_missing", editor.program() + " is not installed (or not on PATH)",
                    "install it, choose another with --editor " + String.join("|", Editor.names()) + ", or use the deep link: "
                            + Editor.deepLink(editor, ws));
        }
        if (editor.terminal()) {
            if (!ctx.env().interactive() || ctx.out().json()) {
                throw CliException.usage(editor.program() + " needs a terminal", "run it from a terminal, or use --editor none");
            }
            ctx.programs().interactive(editor.command(ws));
            return true;
        }
        nexus.cli.settings.SecureFiles.privateDir(ctx.paths().stateDir());
        ctx.programs().launch(editor.command(ws), ctx.paths().stateDir().resolve("editor.log"));
        return true;
    }

    private static int ssh(Context ctx, Invocation inv) {
        requireSsh(ctx);
        List<String> remote = inv.rest();
        if (remote.isEmpty() && ctx.out().json()) {
            throw CliException.usage("an interactive shell has no JSON output", "give a command: `nexus workspace exec "
                    + inv.arg("workspace") + " --json -- <command>`");
        }
        Workspace w = reachable(ctx, Workspaces.name(inv));
        return remote.isEmpty() ? ctx.programs().interactive(RemoteCommand.ssh(ctx, w.name(), ctx.env().interactive(), List.of()))
                : run(ctx, w.name(), remote, false);
    }

    private static int exec(Context ctx, Invocation inv) {
        requireSsh(ctx);
        if (inv.rest().isEmpty()) {
            throw CliException.usage("no command to run", "put it after --: `nexus workspace exec " + inv.arg("workspace") + " -- ls -la`");
        }
        Workspace w = reachable(ctx, Workspaces.name(inv));
        return run(ctx, w.name(), inv.rest(), false);
    }

    /** Runs a remote command; with --json its output is captured into the document. */
    private static int run(Context ctx, String ws, List<String> remote, boolean tty) {
        List<String> cmd = RemoteCommand.ssh(ctx, ws, tty, remote);
        if (!ctx.out().json()) {
            return ctx.programs().interactive(cmd);
        }
        ProcessRunner.Result r = ctx.programs().runner(cmd).timeout(Duration.ofHours(1)).run();
        ctx.out().document(JsonObject.builder().put("workspace", ws).put("command", JsonArray.ofStrings(remote))
                .put("exit_code", r.exitCode()).put("stdout", r.stdout()).put("stderr", r.stderr()).build());
        return r.exitCode();
    }

    private static int logs(Context ctx, Invocation inv) {
        requireSsh(ctx);
        Workspace w = reachable(ctx, Workspaces.name(inv));
        String service = inv.value("service");
        if (service != null && !w.services().containsKey(service)) {
            throw new CliException(ExitCode.NOT_FOUND, "service_not_found", "workspace " + w.name() + " has no service \""
                    + nexus.core.id.Names.printable(service) + "\"", "its services: " + (w.services().isEmpty() ? "none"
                    : String.join(", ", w.services().keySet())) + " (`nexus workspace services " + w.name() + "`)");
        }
        Integer lines = inv.intValue("lines");
        boolean follow = inv.flag("follow");
        if (follow && ctx.out().json()) {
            throw CliException.usage("--follow has no JSON output (it never ends)", "drop --json, or drop --follow");
        }
        List<String> remote = new ArrayList<>(List.of("tail", "-n", Integer.toString(lines == null ? 100 : lines)));
        if (follow) {
            remote.add("-F");
        }
        // service names come from the workspace's config and are checked above; the glob must reach the remote shell unquoted
        String file = service == null ? ".nexus/logs/*.log" : ".nexus/logs/" + service + ".log";
        List<String> cmd = RemoteCommand.sshLine(ctx, w.name(), false,
                String.join(" ", remote) + " -- " + (service == null ? file : RemoteCommand.quote(file)));
        if (!ctx.out().json()) {
            return ctx.programs().interactive(cmd);
        }
        ProcessRunner.Result r = ctx.programs().runner(cmd).timeout(Duration.ofMinutes(2)).run();
        if (!r.ok()) {
            throw CliException.error("logs_failed", "reading the logs of " + w.name() + " failed: "
                    + nexus.core.util.Text.lastLines(r.stderr(), 3), "check the workspace with `nexus workspace status " + w.name() + "`");
        }
        ctx.out().document(JsonObject.builder().put("workspace", w.name()).put("service", service)
                .put("lines", JsonArray.ofStrings(r.stdout().lines().toList())).build());
        return 0;
    }
}
