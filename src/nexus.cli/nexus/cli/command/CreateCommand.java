package nexus.cli.command;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nexus.cli.api.ServerClient;
import nexus.cli.editor.Editor;
import nexus.cli.editor.EditorChooser;
import nexus.cli.forward.ForwardState;
import nexus.core.api.Workspace;
import nexus.core.json.JsonObject;
import nexus.core.repo.RepoRef;

/** {@code workspace create <repo|path>}: fork when needed, create, follow it until ready, print the summary. */
final class CreateCommand {
    private CreateCommand() {}

    static CommandSpec spec() {
        return repositoryOptions(CommandSpec.command("create", "create a workspace from a repository or a local path and wait until it runs"))
                .option(OptionSpec.value("image", "IMAGE", "base image (overrides the repository's config)"))
                .option(OptionSpec.value("config", "FILE", "use this .nexus/config.yaml instead of the repository's").kind(ValueKind.PATH))
                .option(OptionSpec.value("clone", "DIR", "also clone the repository (your fork) into DIR on this machine").kind(ValueKind.DIRECTORY))
                .option(OptionSpec.flag("no-wait", "return once the server accepted the request"))
                .option(OptionSpec.flag("open", "open your editor on it when it is ready"))
                .option(OptionSpec.value("editor", "EDITOR", "the editor for --open").choices(Editor.names().toArray(String[]::new)))
                .option(WorkspaceCommands.timeoutOption())
                .example("nexus ws create my-org/shop")
                .example("nexus ws create ./shop --name shop-dev --branch feature/x")
                .handler(CreateCommand::create).build();
    }

    /** The argument and options of creating from a repository, shared by {@code workspace create} and {@code up}. */
    static CommandSpec.Builder repositoryOptions(CommandSpec.Builder b) {
        return b.arg(ArgSpec.required("repo", ValueKind.REPO, "owner/repo, a git URL, file:///path or a local path"))
                .option(OptionSpec.value("name", "NAME", "workspace name (default: from the repository name)"))
                .option(OptionSpec.value("branch", "BRANCH", "branch to check out (default: the repository's default)"))
                .option(OptionSpec.value("provider", "DRIVER", "run it with this driver").choices("lxc", "incus", "docker", "sandbox"))
                .option(OptionSpec.flag("no-fork", "use a GitHub repository you cannot push to as is, without forking it"))
                .option(OptionSpec.flag("committed-only", "upload a local checkout without its uncommitted changes"));
    }

    private static int create(Context ctx, Invocation inv) throws Exception {
        Instant started = Instant.now();
        Onboarding on = new Onboarding(ctx);
        CreateFlow flow = new CreateFlow(ctx, on);
        RepoRef ref = CreateFlow.parse(ctx, inv.arg("repo"));
        ctx.requireServer();
        ServerClient api = ctx.authedApi();
        Onboarding.GitHubIdentity github = ref.kind() == RepoRef.Kind.GITHUB ? on.github(false) : null;
        CreateFlow.Target target = flow.resolve(ref, inv.value("branch"), inv.flag("no-fork"), github, inv.flag("committed-only"));
        if (inv.value("clone") != null) {
            flow.cloneLocally(target, ctx.env().cwd().resolve(inv.value("clone")));
        }
        String name = inv.value("name", ref.suggestedWorkspaceName());
        Workspace w = flow.create(api, target, name, inv.value("provider"), inv.value("image"),
                CreateFlow.configText(ctx, inv.value("config")), !inv.flag("no-wait"), WorkspaceCommands.timeout(inv));
        Workspaces.syncSsh(ctx, w);
        Optional<ForwardState> fwd = Workspaces.forwarders(ctx).running(w.name());
        EditorChooser.Choice choice = new EditorChooser(ctx.programs()).choose(inv.value("editor"), ctx.settings().editor());
        boolean launched = inv.flag("open") && w.status() == nexus.core.api.WorkspaceState.RUNNING
                && ConnectCommands.launchEditor(ctx, w.name(), choice.editor());
        Workspace done = w;
        JsonObject doc = WorkspaceViews.summaryJson(w, fwd, choice.editor());
        ctx.out().result(doc, () -> {
            if (inv.flag("no-wait")) {
                ctx.out().line(ctx.out().style().ok("Creating " + done.name() + " (" + done.status().wire() + "); follow it with "
                        + "`nexus workspace status " + done.name() + " --watch`"));
            } else {
                WorkspaceViews.printSummary(ctx.out(), done, fwd, choice.editor(), Duration.between(started, Instant.now()));
                if (launched) {
                    ctx.out().line(ctx.out().style().ok("Opened " + choice.editor().wire()));
                }
            }
        });
        return 0;
    }
}
