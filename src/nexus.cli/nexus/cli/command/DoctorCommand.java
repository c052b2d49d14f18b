package nexus.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.editor.EditorChooser;
import nexus.cli.github.GitHubCli;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.Version;
import nexus.core.api.HealthStatus;
import nexus.core.api.UserProfile;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * {@code nexus doctor}: checks everything the CLI depends on — programs (gh, git, ssh, ssh-keygen), the server
 * (configured, reachable, same version), the token, the SSH key (present, on the server, on GitHub), the SSH
 * config include, the editor — and prints a fix for each problem. Exits 1 when any check fails.
 */
final class DoctorCommand {
    /** One check: ok, warn (works, but something is missing or odd), fail (will not work), skip (not checked). */
    record Check(String name, String status, String detail, String fix) {
        JsonValue toJson() {
            return JsonObject.builder().put("name", name).put("status", status).put("detail", detail).put("fix", fix).build();
        }
    }

    private DoctorCommand() {}

    static CommandSpec spec() {
        return CommandSpec.command("doctor", "check the setup and say how to fix what is wrong")
                .handler(DoctorCommand::doctor).build();
    }

    private static int doctor(Context ctx, Invocation inv) {
        List<Check> checks = new ArrayList<>();
        programs(ctx, checks);
        Optional<ServerClient> api = server(ctx, checks);
        Optional<SshKeyPair> key = key(ctx, checks);
        account(ctx, checks, api, key);
        github(ctx, checks, key);
        boolean include = ctx.sshConfig().includePresent();
        checks.add(include ? new Check("ssh_config", "ok", ctx.sshConfig().userConfig() + " includes " + ctx.sshConfig().nexusConfig(), null)
                : new Check("ssh_config", "warn", ctx.sshConfig().userConfig() + " does not include the Nexus SSH hosts, so "
                + "`ssh nexus-<ws>` and editors cannot find workspaces", "run `nexus ssh setup`"));
        try {
            EditorChooser.Choice c = new EditorChooser(ctx.programs()).choose(null, ctx.settings().editor());
            checks.add(c.editor().program() == null
                    ? new Check("editor", "warn", "no editor found (cursor, code, zed, vim)", "install one, or connect with `ssh nexus-<ws>`")
                    : new Check("editor", "ok", c.editor().wire() + " (" + c.source() + ")", null));
        } catch (CliException e) {
            checks.add(new Check("editor", "fail", e.getMessage(), e.next()));
        }
        boolean failed = checks.stream().anyMatch(c -> c.status().equals("fail"));
        ctx.out().result(JsonObject.builder().put("ok", !failed)
                .put("checks", JsonArray.ofValues(checks.stream().map(Check::toJson).toList())).build(), () -> {
            var st = ctx.out().style();
            for (Check c : checks) {
                String mark = switch (c.status()) {
                    case "ok" -> st.green("✓");
                    case "warn" -> st.yellow("!");
                    case "fail" -> st.red("✗");
                    default -> st.dim("-");
                };
                ctx.out().line(mark + " " + WorkspaceViews.pad(c.name(), 12) + " " + c.detail());
                if (c.fix() != null) {
                    ctx.out().line("  " + " ".repeat(12) + "  " + st.dim("fix: " + c.fix()));
                }
            }
            ctx.out().line(failed ? st.red("Some checks failed.") : st.green("Everything needed works."));
        });
        return failed ? ExitCode.ERROR.code() : 0;
    }

    private static void programs(Context ctx, List<Check> checks) {
        GitHubCli gh = ctx.gh();
        checks.add(gh.installed() ? new Check("gh", "ok", "installed at " + ctx.programs().which("gh").orElseThrow(), null)
                : new Check("gh", "warn", "GitHub CLI not installed (needed only for GitHub repositories)", gh.installCommand()));
        checks.add(program(ctx, "git", "warn", "needed for --clone", "sudo apt-get install git"));
        checks.add(program(ctx, "ssh", "fail", "needed for `nexus workspace ssh/exec/logs` and editors", "sudo apt-get install openssh-client"));
        checks.add(program(ctx, "ssh-keygen", "warn", "needed to create an SSH key", "sudo apt-get install openssh-client"));
    }

    private static Check program(Context ctx, String name, String missingStatus, String why, String fix) {
        return ctx.programs().which(name).map(p -> new Check(name, "ok", "installed at " + p, null))
                .orElse(new Check(name, missingStatus, name + " is not installed (" + why + ")", fix));
    }

    private static Optional<ServerClient> server(Context ctx, List<Check> checks) {
        String url;
        try {
            url = ctx.serverUrl();
        } catch (CliException e) {
            checks.add(new Check("server", "fail", e.getMessage(), e.next()));
            return Optional.empty();
        }
        if (url == null) {
            checks.add(new Check("server", "fail", "no server configured", "`nexus up <repo>` starts a local one; `nexus server HOST` uses another"));
            return Optional.empty();
        }
        ServerClient api = ctx.client(url, ctx.token(url));
        try {
            HealthStatus h = api.health();
            checks.add(new Check("server", "ok", url + " answers (version " + h.version() + ", " + h.nodesOnline() + " node(s) online)", null));
            if (!h.version().equals(Version.current())) {
                checks.add(new Check("version", "warn", "the server runs " + h.version() + ", this CLI is " + Version.current(),
                        "install matching versions (install.sh)"));
            }
            if (h.nodesOnline() == 0) {
                // nothing can run then: a failure, so doctor never says that everything needed works
                checks.add(new Check("nodes", "fail", "the server has no online node, so no workspace can run",
                        "a server admin adds one with `nexus node add user@host` (a local server runs its own)"));
            }
            return Optional.of(api);
        } catch (CliException e) {
            checks.add(new Check("server", "fail", e.getMessage(), e.next()));
            return Optional.empty();
        }
    }

    private static Optional<SshKeyPair> key(Context ctx, List<Check> checks) {
        try {
            Optional<SshKeyPair> key = Workspaces.userKey(ctx);
            checks.add(key.map(k -> new Check("ssh_key", "ok", k.privateKey() + " (" + k.fingerprint() + ")", null))
                    .orElse(new Check("ssh_key", "fail", "no SSH key (~/.ssh/id_ed25519, id_ecdsa, id_rsa)", "run `nexus ssh setup`")));
            return key;
        } catch (CliException e) {
            checks.add(new Check("ssh_key", "fail", e.getMessage(), e.next()));
            return Optional.empty();
        }
    }

    private static void account(Context ctx, List<Check> checks, Optional<ServerClient> api, Optional<SshKeyPair> key) {
        if (api.isEmpty()) {
            checks.add(new Check("token", "skip", "no server to check against", null));
            return;
        }
        if (!api.get().hasToken()) {
            checks.add(new Check("token", "fail", "not registered with " + api.get().baseUrl(), "run `nexus auth github` (or `nexus up <repo>`)"));
            return;
        }
        try {
            UserProfile me = api.get().me();
            checks.add(new Check("token", "ok", "logged in as " + me.githubUsername(), null));
            key.ifPresent(k -> checks.add(me.keys().stream().anyMatch(x -> x.fingerprint().equals(k.fingerprint()))
                    ? new Check("server_key", "ok", "your key is registered with the server", null)
                    : new Check("server_key", "fail", "your key " + k.fingerprint() + " is not registered with the server, so SSH to "
                    + "workspaces is refused", "run `nexus ssh setup`")));
        } catch (ApiException e) {
            checks.add(new Check("token", "fail", e.status() == 401 ? "the server does not accept your token" : e.getMessage(),
                    "run `nexus auth github` (or `nexus auth invite <token>`)"));
        } catch (CliException e) {
            checks.add(new Check("token", "fail", e.getMessage(), e.next()));
        }
    }

    private static void github(Context ctx, List<Check> checks, Optional<SshKeyPair> key) {
        GitHubCli gh = ctx.gh();
        if (!gh.installed()) {
            return;
        }
        if (!gh.loggedIn()) {
            checks.add(new Check("github", "warn", "gh is not logged in (needed only for GitHub repositories)", "run `nexus auth github`"));
            return;
        }
        try {
            String login = gh.user().string("login");
            checks.add(new Check("github", "ok", "gh is logged in as " + login, null));
            key.ifPresent(k -> checks.add(gh.sshKeys().contains(k.keyOnly())
                    ? new Check("github_key", "ok", "your key is on GitHub", null)
                    : new Check("github_key", "warn", "your key is not on your GitHub account (git over SSH from workspaces needs it)",
                    "run `nexus ssh setup`")));
        } catch (CliException e) {
            checks.add(new Check("github", "fail", e.getMessage(), e.next()));
        }
    }
}
