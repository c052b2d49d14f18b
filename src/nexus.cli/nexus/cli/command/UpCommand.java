package nexus.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.api.ServerClient;
import nexus.cli.editor.Editor;
import nexus.cli.editor.EditorChooser;
import nexus.cli.forward.ForwardState;
import nexus.cli.forward.Forwarders;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.Workspace;
import nexus.core.json.JsonObject;
import nexus.core.repo.RepoRef;

/**
 * {@code nexus up <repo|path>} (alias {@code setup-from-repo}): the whole flow in one command — server (a local
 * one when none is configured), GitHub login (for GitHub repositories, or when gh is already logged in), SSH key,
 * registration, keys on GitHub and the server, fork, workspace, wait, SSH config, port forwards, editor, summary.
 * Every step checks before it acts, so running {@code up} again after a failure resumes where it stopped.
 */
final class UpCommand {
    private UpCommand() {}

    static CommandSpec spec() {
        return CreateCommand.repositoryOptions(CommandSpec.command("up", "from a repository to a running workspace with your editor open, in one command")
                .alias("setup-from-repo")
                .description("""
                        Steps (each skipped when already done): start a local server if none is configured; log in to GitHub
                        through gh (GitHub repositories only); find or create your SSH key; register with the server; add the
                        key to GitHub and the server; fork the repository if you cannot push to it; create the workspace (or
                        reuse yours); wait until it runs; write ~/.ssh config; forward its service ports; open your editor."""))
                .option(OptionSpec.value("key", "PATH", "the SSH private key to use").kind(ValueKind.PATH))
                .option(OptionSpec.value("editor", "EDITOR", "the editor to open (none: just print how to connect)")
                        .choices(Editor.names().toArray(String[]::new)))
                .option(OptionSpec.flag("no-forward", "do not forward the service ports"))
                .option(WorkspaceCommands.timeoutOption())
                .example("nexus up my-org/my-project")
                .example("nexus up examples/hello-node --editor none")
                .handler(UpCommand::up).build();
    }

    private static int up(Context ctx, Invocation inv) throws Exception {
        Instant started = Instant.now();
        RepoRef ref = CreateFlow.parse(ctx, inv.arg("repo"));
        Onboarding on = new Onboarding(ctx);
        String url = on.server(true);
        Onboarding.GitHubIdentity github = ref.kind() == RepoRef.Kind.GITHUB ? on.github(false) : on.githubIfLoggedIn();
        SshKeyPair key = on.key(inv.value("key"));
        ServerClient api = on.register(url, key, github, false);
        if (github != null) {
            on.keyOnGitHub(key);
        }
        on.keyOnServer(api, key);
        CreateFlow flow = new CreateFlow(ctx, on);
        CreateFlow.Target target = flow.resolve(ref, inv.value("branch"), inv.flag("no-fork"), github, inv.flag("committed-only"));
        Workspace w = flow.create(api, target, inv.value("name", ref.suggestedWorkspaceName()), inv.value("provider"), null, null,
                true, WorkspaceCommands.timeout(inv));
        if (Workspaces.syncSsh(ctx, w)) {
            on.note("ssh_config", "done", "ssh " + nexus.cli.ssh.SshHost.alias(w.name()) + " is set up");
        }
        Optional<ForwardState> fwd = Optional.empty();
        if (!inv.flag("no-forward") && !w.services().isEmpty()) {
            fwd = forward(ctx, inv, on, w);
        }
        EditorChooser.Choice choice = new EditorChooser(ctx.programs()).choose(inv.value("editor"), ctx.settings().editor());
        // an editor window pops up only when someone is at the terminal or asked for one by name
        boolean open = choice.editor() != Editor.NONE && (inv.value("editor") != null || (ctx.env().interactive() && !ctx.out().json()));
        Workspace done = w;
        Optional<ForwardState> forward = fwd;
        JsonObject summary = WorkspaceViews.summaryJson(w, fwd, choice.editor());
        boolean launched = false;
        if (open && !choice.editor().terminal()) {
            launched = launchQuietly(ctx, on, w.name(), choice.editor());
        }
        JsonObject.Builder doc = JsonObject.builder();
        summary.members().forEach(doc::put);
        doc.put("editor", JsonObject.builder().put("name", choice.editor().wire()).put("source", choice.source()).put("launched", launched).build());
        doc.put("steps", on.stepsJson());
        ctx.out().result(doc.build(), () -> WorkspaceViews.printSummary(ctx.out(), done, forward, choice.editor(),
                Duration.between(started, Instant.now())));
        if (open && choice.editor().terminal()) {
            ConnectCommands.launchEditor(ctx, w.name(), choice.editor());
        }
        return 0;
    }

    private static Optional<ForwardState> forward(Context ctx, Invocation inv, Onboarding on, Workspace w) {
        Forwarders forwarders = Workspaces.forwarders(ctx);
        try {
            ForwardCommands.requireUsableKey(ctx, w);
            ForwardState s = forwarders.start(w.name(), Workspaces.serverArgs(ctx, inv), Duration.ofSeconds(30));
            s.forwards().stream().filter(f -> f.state().equals("bind_conflict")).forEach(f ->
                    ctx.out().warn(f.service() + " is not forwarded: " + f.message() + "; the forwarder retries every 10s"));
            on.note("forward", "done", "forwarding " + s.forwards().size() + " service port(s) to localhost");
            return Optional.of(s);
        } catch (CliException e) {
            ctx.out().warn("port forwarding did not start: " + e.getMessage() + (e.next() == null ? "" : "; " + e.next())
                    + " (then run `nexus workspace forward " + w.name() + "`)");
            on.note("forward", "failed", e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean launchQuietly(Context ctx, Onboarding on, String ws, Editor editor) {
        try {
            boolean launched = ConnectCommands.launchEditor(ctx, ws, editor);
            on.note("editor", "done", "opened " + editor.wire());
            return launched;
        } catch (CliException | java.io.IOException e) {
            ctx.out().warn("could not open " + editor.wire() + ": " + e.getMessage());
            on.note("editor", "failed", e.getMessage());
            return false;
        }
    }
}
