package nexus.cli.command;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.github.GitHubCli;
import nexus.cli.settings.Credentials;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.TokenInfo;
import nexus.core.api.UserProfile;
import nexus.core.json.JsonObject;

/**
 * {@code nexus auth github | invite | status | tokens | revoke | logout}: who you are on the Nexus server, and the
 * API tokens that prove it (one per machine you logged in from).
 */
final class AuthCommands {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

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
                .child(CommandSpec.command("tokens", "list your API tokens on the server (one per login), marking this one")
                        .description("""
                                Shows each live token's id, how it was minted (e.g. "GitHub registration from 10.0.0.7 (key
                                me@laptop)"), when it was last used (to the minute) and when it expires. Revoke one with
                                `nexus auth revoke <id>`.""")
                        .handler(AuthCommands::tokens).build())
                .child(CommandSpec.command("revoke", "revoke one of your API tokens (e.g. of a lost laptop); effective at once")
                        .arg(ArgSpec.required("token-id", ValueKind.TEXT, "the token's id, as `nexus auth tokens` shows it"))
                        .example("nexus auth revoke tok-3kq7c2m9x1v8b4n6p0z5")
                        .handler(AuthCommands::revoke).build())
                .child(CommandSpec.command("logout", "revoke your token on the server and forget it here (gh's login stays)")
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
                problem = e.status() == 401 ? "the server does not accept the token: " + e.getMessage() : e.getMessage();
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

    private static int tokens(Context ctx, Invocation inv) {
        String url = ctx.requireServer();
        List<TokenInfo> tokens = ctx.authedApi().tokens();
        ctx.out().result(JsonObject.builder().put("server", url).putAll("tokens", tokens).build(), () -> {
            var st = ctx.out().style();
            ctx.out().line(st.bold("  " + WorkspaceViews.pad("ID", 24) + "  " + WorkspaceViews.pad("LAST USED", 9) + "  "
                    + WorkspaceViews.pad("EXPIRES", 10) + "  LABEL"));
            for (TokenInfo t : tokens) {
                String used = t.lastUsedAt() == null ? "never" : WorkspaceViews.ago(t.lastUsedAt()) + " ago";
                String expires = t.expiresAt() == null ? "never" : DAY.format(t.expiresAt());
                ctx.out().line((t.current() ? st.green("* ") : "  ") + WorkspaceViews.pad(t.tokenId(), 24) + "  "
                        + WorkspaceViews.pad(used, 9) + "  " + WorkspaceViews.pad(expires, 10) + "  " + t.label());
            }
            ctx.out().line(st.dim("* this machine's token. Revoke one with `nexus auth revoke <id>`."));
        });
        return 0;
    }

    private static int revoke(Context ctx, Invocation inv) {
        String url = ctx.requireServer();
        String id = inv.arg("token-id");
        ServerClient api = ctx.authedApi();
        boolean current = api.tokens().stream().anyMatch(t -> t.current() && t.tokenId().equals(id));
        try {
            api.revokeToken(id);
        } catch (ApiException e) {
            throw e.status() == 404 ? e.toCli().withNext("`nexus auth tokens` lists yours") : e;
        }
        boolean forgotten = current && ctx.env().get("NEXUS_TOKEN") == null && forgetSaved(ctx, url);
        ctx.out().result(JsonObject.builder().put("server", url).put("token_id", id).put("current", current)
                .put("logged_out", forgotten).build(), () -> ctx.out().line(ctx.out().style().ok("Revoked token " + id
                + (current ? ", this machine's: you are logged out of " + url : ""))));
        if (current && ctx.env().get("NEXUS_TOKEN") != null) {
            ctx.out().warn("NEXUS_TOKEN holds the revoked token; unset it");
        }
        return 0;
    }

    /**
     * Revokes the saved token on the server, then forgets it, also when the server cannot be asked (then saying
     * that the token stays valid there). NEXUS_TOKEN is not touched: it is not this machine's login to end.
     */
    private static int logout(Context ctx, Invocation inv) {
        String url = ctx.requireServer();
        Credentials.Credential saved = ctx.store().credentials().forServer(url);
        boolean revoked = false;
        String problem = null;
        if (saved != null) {
            try {
                ctx.client(url, saved.token()).revokeOwnToken();
                revoked = true;
            } catch (ApiException e) {
                if (e.status() != 401) {
                    problem = "the server did not revoke the token (" + e.getMessage() + "); it stays valid there until it "
                            + "expires or you revoke it from another login (`nexus auth tokens`)";
                }
            } catch (CliException e) {
                problem = e.getMessage() + "; the token was not revoked there and stays valid until it expires or you "
                        + "revoke it from another login (`nexus auth tokens`, `nexus auth revoke <id>`)";
            }
            forgetSaved(ctx, url);
        }
        boolean had = saved != null;
        boolean onServer = revoked;
        ctx.out().result(JsonObject.builder().put("server", url).put("logged_out", had).put("token_revoked", revoked)
                .put("problem", problem).build(), () -> ctx.out().line(!had ? "You were not logged in to " + url
                : ctx.out().style().ok("Logged out of " + url + (onServer ? " (the token is revoked on the server)"
                : " (forgotten here)"))));
        if (problem != null) {
            ctx.out().warn(problem);
        }
        if (ctx.env().get("NEXUS_TOKEN") != null) {
            ctx.out().warn("NEXUS_TOKEN is still set in your environment and keeps working until you unset it");
        }
        return 0;
    }

    /** Forgets the token saved for {@code url}; false when there was none. */
    private static boolean forgetSaved(Context ctx, String url) {
        if (ctx.store().credentials().forServer(url) == null) {
            return false;
        }
        ctx.store().updateCredentials(c -> c.with(url, null));
        return true;
    }
}
