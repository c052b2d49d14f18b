package nexus.cli.command;

import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.github.GitHubCli;
import nexus.cli.settings.Credentials;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.UserProfile;
import nexus.core.json.JsonObject;

/** {@code nexus auth github | invite | status | logout}: who you are on the Nexus server. */
final class AuthCommands {
    private AuthCommands() {}

    static CommandSpec spec() {
        return CommandSpec.command("auth", "log in to the Nexus server (with GitHub or an invite) and show who you are")
                .child(CommandSpec.command("github", "log in with GitHub (through gh) and register with the server")
                        .description("""
                                Runs `gh auth login --web` when gh is not logged in, reads your login (`gh api user`) and
                                token (`gh auth token`), and registers you and your SSH key with the server. The GitHub
                                token proves who you are once; the server does not keep it.""")
                        .option(OptionSpec.flag("force", "log in to GitHub and register again even if already done"))
                        .option(OptionSpec.value("key", "PATH", "SSH private key to register (default: found or created)").kind(ValueKind.PATH))
                        .handler(AuthCommands::github).build())
                .child(CommandSpec.command("invite", "register with an invite token from the server's admin (no GitHub)")
                        .arg(ArgSpec.required("token", ValueKind.TEXT, "the invite token"))
                        .option(OptionSpec.value("key", "PATH", "SSH private key to register (default: found or created)").kind(ValueKind.PATH))
                        .handler(AuthCommands::invite).build())
                .child(CommandSpec.command("status", "show the server, your account on it and GitHub's login state")
                        .handler(AuthCommands::status).build())
                .child(CommandSpec.command("logout", "forget your token for the server (gh's own login is left alone)")
                        .handler(AuthCommands::logout).build())
                .build();
    }

    private static int github(Context ctx, Invocation inv) {
        Onboarding on = new Onboarding(ctx);
        String url = on.server(false);
        Onboarding.GitHubIdentity id = on.github(inv.flag("force"));
        SshKeyPair key = on.key(inv.value("key"));
        ServerClient api = on.register(url, key, id, inv.flag("force"));
        on.keyOnServer(api, key);
        return printAccount(ctx, url, api.me(), on);
    }

    private static int invite(Context ctx, Invocation inv) {
        Onboarding on = new Onboarding(ctx);
        String url = on.server(false);
        SshKeyPair key = on.key(inv.value("key"));
        ServerClient api = on.registerWithInvite(url, key, inv.arg("token"));
        return printAccount(ctx, url, api.me(), on);
    }

    private static int printAccount(Context ctx, String url, UserProfile me, Onboarding on) {
        Credentials.Credential c = ctx.store().credentials().forServer(url);
        ctx.out().result(JsonObject.builder()
                .put("server", url)
                .put("user_id", me.userId())
                .put("username", me.githubUsername())
                .put("via", c == null ? null : c.via())
                .putStrings("key_fingerprints", me.keys().stream().map(k -> k.fingerprint()).toList())
                .put("steps", on.stepsJson())
                .build(), () -> ctx.out().line(ctx.out().style().ok("Logged in to " + url + " as " + me.githubUsername())));
        return 0;
    }

    private static int status(Context ctx, Invocation inv) {
        String url = ctx.serverUrl();
        GitHubCli gh = ctx.gh();
        boolean ghInstalled = gh.installed();
        boolean ghLoggedIn = ghInstalled && gh.loggedIn();
        String ghLogin = null;
        if (ghLoggedIn) {
            try {
                ghLogin = gh.user().string("login");
            } catch (CliException e) {
                ghLoggedIn = false;
            }
        }
        UserProfile me = null;
        boolean reachable = false;
        String problem = null;
        String token = url == null ? null : ctx.token(url);
        if (url != null) {
            try {
                ServerClient api = ctx.client(url, token);
                api.health();
                reachable = true;
                if (token != null) {
                    me = api.me();
                }
            } catch (ApiException e) {
                problem = e.status() == 401 ? "the saved token is not accepted by the server" : e.getMessage();
            } catch (CliException e) {
                problem = e.getMessage();
            }
        }
        Credentials.Credential c = url == null ? null : ctx.store().credentials().forServer(url);
        UserProfile user = me;
        JsonObject doc = JsonObject.builder()
                .put("server", url)
                .put("server_reachable", reachable)
                .put("logged_in", me != null)
                .put("user", me == null ? null : JsonObject.builder().put("user_id", me.userId()).put("username", me.githubUsername())
                        .put("via", c == null ? (ctx.env().get("NEXUS_TOKEN") != null ? "NEXUS_TOKEN" : null) : c.via())
                        .putStrings("key_fingerprints", me.keys().stream().map(k -> k.fingerprint()).toList()).build())
                .put("problem", problem)
                .put("github", JsonObject.builder().put("gh_installed", ghInstalled).put("logged_in", ghLoggedIn).put("login", ghLogin).build())
                .build();
        String ghText = !ghInstalled ? "gh not installed (only needed for GitHub repositories)"
                : ghLoggedIn ? "logged in as " + ghLogin : "gh is not logged in";
        String shownProblem = problem;
        boolean serverUp = reachable;
        ctx.out().result(doc, () -> {
            var st = ctx.out().style();
            ctx.out().line("  server   " + (url == null ? st.yellow("none configured") : url + (serverUp ? "" : "  " + st.red("unreachable"))));
            ctx.out().line("  account  " + (user == null ? st.yellow("not logged in") : user.githubUsername() + st.dim(" (" + user.userId() + ")")));
            ctx.out().line("  github   " + ghText);
            if (shownProblem != null) {
                ctx.out().line("  " + st.red("problem") + "  " + shownProblem);
            }
        });
        if (user == null) {
            if (!ctx.out().json()) {
                ctx.out().error("not logged in to " + (url == null ? "any server" : url),
                        url == null ? "run `nexus up <repo>` or `nexus server HOST`" : "run `nexus auth github` (or `nexus auth invite <token>`)");
            }
            return ExitCode.AUTH.code();
        }
        return 0;
    }

    private static int logout(Context ctx, Invocation inv) {
        String url = ctx.requireServer();
        boolean had = ctx.store().credentials().forServer(url) != null;
        if (had) {
            ctx.store().updateCredentials(c -> c.with(url, null));
        }
        ctx.out().result(JsonObject.builder().put("server", url).put("logged_out", had).build(),
                () -> ctx.out().line(had ? ctx.out().style().ok("Logged out of " + url) : "You were not logged in to " + url));
        if (ctx.env().get("NEXUS_TOKEN") != null) {
            ctx.out().warn("NEXUS_TOKEN is still set in your environment and keeps working until you unset it");
        }
        return 0;
    }
}
