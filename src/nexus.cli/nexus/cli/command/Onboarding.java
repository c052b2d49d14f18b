package nexus.cli.command;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.github.GitHubCli;
import nexus.cli.local.LocalServer;
import nexus.cli.settings.Credentials;
import nexus.cli.settings.LocalServerInfo;
import nexus.cli.ssh.SshHost;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.InviteResponse;
import nexus.core.api.RegisterUserRequest;
import nexus.core.api.RegisterUserResponse;
import nexus.core.api.SshKey;
import nexus.core.api.UserProfile;
import nexus.core.id.Names;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * The steps that get a user from nothing to registered, shared by {@code up}, {@code auth} and {@code ssh setup}:
 * a server (a local one started when none is configured), an SSH key, a GitHub login (when GitHub is in use),
 * registration with the server (GitHub token, or an invite minted with a local server's admin token), and the
 * key on GitHub and on the server. Each step checks first and skips what is already done, so running it again
 * after any failure resumes where it stopped. Steps are recorded for {@code up --json}.
 */
final class Onboarding {
    /** A step as {@code up} reports it: done (did something), skipped (nothing to do), or a note. */
    record Step(String name, String status, String detail) {
        JsonValue toJson() {
            return JsonObject.builder().put("name", name).put("status", status).put("detail", detail).build();
        }
    }

    /** The GitHub account gh is logged in as. */
    record GitHubIdentity(String login, long id) {}

    private final Context ctx;
    private final List<Step> steps = new ArrayList<>();

    Onboarding(Context ctx) {
        this.ctx = ctx;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    JsonArray stepsJson() {
        return JsonArray.ofValues(steps.stream().map(Step::toJson).toList());
    }

    void note(String name, String status, String detail) {
        steps.add(new Step(name, status, detail));
        if (status.equals("done")) {
            ctx.out().info(ctx.out().style().ok(detail));
        } else {
            ctx.out().detail(name + ": " + detail);
        }
    }

    LocalServer localServer() {
        return new LocalServer(ctx.programs(), ctx.paths(), ctx.store());
    }

    boolean isLocal(String url) {
        LocalServerInfo l = ctx.settings().localServer();
        return l != null && l.url().equals(url);
    }

    // ---- server

    /** The server to use; with none configured and {@code startLocal}, a local one (started or restarted). */
    String server(boolean startLocal) {
        String url = ctx.serverUrl();
        if (url == null && startLocal) {
            LocalServerInfo info = localServer().ensureRunning(ctx.out()::info);
            note("server", "done", "local Nexus server running at " + info.url());
            return info.url();
        }
        if (url == null) {
            return ctx.requireServer();
        }
        if (isLocal(url) && !ctx.serverFromEnvironment()) {
            LocalServer local = localServer();
            if (!local.running(local.recorded())) {
                local.start(ctx.out()::info);
                note("server", "done", "local Nexus server restarted at " + url);
                return url;
            }
        }
        ctx.client(url, null).health();
        note("server", "skipped", "using the Nexus server at " + url);
        return url;
    }

    // ---- SSH key

    /** The user's key: --key, then the saved key_path, then ~/.ssh/id_ed25519|ecdsa|rsa, else a new ed25519 key. */
    SshKeyPair key(String keyOption) {
        SshKeyPair key;
        if (keyOption != null) {
            Path p = ctx.env().cwd().resolve(expandHome(keyOption)).normalize();
            key = ctx.sshKeys().load(p.toString().endsWith(".pub") ? Path.of(p.toString().replaceFirst("\\.pub$", "")) : p);
            note("ssh_key", "skipped", "using SSH key " + key.privateKey());
        } else if (ctx.settings().keyPath() != null) {
            key = ctx.sshKeys().load(Path.of(ctx.settings().keyPath()));
            note("ssh_key", "skipped", "using SSH key " + key.privateKey());
        } else {
            var found = ctx.sshKeys().find();
            if (found.isPresent()) {
                key = found.get();
                note("ssh_key", "skipped", "using SSH key " + key.privateKey());
            } else {
                key = ctx.sshKeys().generate("nexus@" + hostName());
                note("ssh_key", "done", "created SSH key " + key.privateKey());
            }
        }
        String path = key.privateKey().toString();
        if (!path.equals(ctx.settings().keyPath())) {
            ctx.store().updateSettings(s -> s.withKeyPath(path));
            rewriteIdentities(key);
        }
        return key;
    }

    /** Points the existing workspaces' Host blocks at the (new) key. */
    private void rewriteIdentities(SshKeyPair key) {
        var files = ctx.sshConfig();
        for (SshHost h : files.hosts()) {
            if (!h.identityFile().equals(key.privateKey())) {
                files.writeHost(new SshHost(h.workspace(), h.hostName(), h.port(), h.user(), key.privateKey(), h.hostKeys()));
            }
        }
    }

    private String expandHome(String p) {
        return p.equals("~") || p.startsWith("~/") ? ctx.paths().home() + p.substring(1) : p;
    }

    // ---- GitHub

    /** Logs in through gh when it is not (or when {@code force}) and returns who is logged in. */
    GitHubIdentity github(boolean force) {
        GitHubCli gh = ctx.gh();
        gh.requireInstalled();
        if (force || !gh.loggedIn()) {
            ctx.out().info("Logging in to GitHub with gh (a browser window opens)…");
            gh.login();
            GitHubIdentity id = identity(gh);
            note("github", "done", "logged in to GitHub as " + id.login());
            return id;
        }
        GitHubIdentity id = identity(gh);
        note("github", "skipped", "logged in to GitHub as " + id.login());
        return id;
    }

    /** The GitHub identity when gh is installed and already logged in; null otherwise (never prompts). */
    GitHubIdentity githubIfLoggedIn() {
        GitHubCli gh = ctx.gh();
        return gh.installed() && gh.loggedIn() ? github(false) : null;
    }

    private static GitHubIdentity identity(GitHubCli gh) {
        JsonObject u = gh.user();
        return new GitHubIdentity(u.string("login"), u.longValue("id"));
    }

    /** Adds the key to the GitHub account unless it is there; true when it was added. */
    boolean keyOnGitHub(SshKeyPair key) {
        GitHubCli gh = ctx.gh();
        if (gh.sshKeys().contains(key.keyOnly())) {
            note("github_key", "skipped", "SSH key already on GitHub");
            return false;
        }
        gh.addSshKey(key.publicKey(), "nexus (" + hostName() + ")");
        note("github_key", "done", "added SSH key " + key.fingerprint() + " to GitHub");
        return true;
    }

    // ---- registration

    /**
     * Makes sure the user has a working token for {@code url}: a saved (or NEXUS_TOKEN) one that the server
     * accepts, else a new registration with the GitHub token ({@code github} given), or with an invite minted
     * from a local server's admin token. Returns the client with the working token. A saved token that a forced
     * registration replaces is revoked on the server, so that no forgotten token of this machine stays valid.
     */
    ServerClient register(String url, SshKeyPair key, GitHubIdentity github, boolean force) {
        String token = ctx.token(url);
        Credentials.Credential replaced = force ? ctx.store().credentials().forServer(url) : null;
        if (token != null && !force) {
            ServerClient api = ctx.client(url, token);
            try {
                UserProfile me = api.me();
                note("register", "skipped", "registered with " + url + " as " + me.githubUsername());
                return api;
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
                if (ctx.env().get("NEXUS_TOKEN") != null) {
                    throw new CliException(ExitCode.AUTH, "bad_token", "the server at " + url + " does not accept NEXUS_TOKEN",
                            "unset NEXUS_TOKEN to use your saved login, or set it to a valid token");
                }
                ctx.out().detail("the saved token for " + url + " is no longer valid; registering again");
            }
        }
        ServerClient anonymous = ctx.client(url, null);
        RegisterUserResponse r;
        String via;
        if (github != null) {
            r = anonymous.register(new RegisterUserRequest(ctx.gh().token(), null, key.publicLine()));
            via = "github";
        } else if (isLocal(url)) {
            r = anonymous.register(new RegisterUserRequest(null, localInvite(url).inviteToken(), key.publicLine()));
            via = "invite";
        } else {
            throw new CliException(ExitCode.AUTH, "not_logged_in", "the server at " + url + " needs you to prove who you are: "
                    + "with GitHub, or with an invite from its admin", "run `nexus auth github`, or `nexus auth invite <token>` "
                    + "with an invite token from the server's admin");
        }
        ServerClient api = saveRegistration(url, r, via);
        if (replaced != null) {
            revokeReplaced(url, replaced.token());
        }
        return api;
    }

    /** Revokes the token a new registration replaced; one the server no longer accepts needs nothing. */
    private void revokeReplaced(String url, String token) {
        try {
            ctx.client(url, token).revokeOwnToken();
            ctx.out().detail("revoked the token this registration replaces");
        } catch (ApiException e) {
            if (e.status() != 401) {
                ctx.out().warn("the token this registration replaces could not be revoked (" + e.getMessage()
                        + "); revoke it with `nexus auth tokens` and `nexus auth revoke <id>`");
            }
        }
    }

    /** Registers with an invite token the user got from an admin. */
    ServerClient registerWithInvite(String url, SshKeyPair key, String inviteToken) {
        RegisterUserResponse r = ctx.client(url, null).register(new RegisterUserRequest(null, inviteToken, key.publicLine()));
        return saveRegistration(url, r, "invite");
    }

    private ServerClient saveRegistration(String url, RegisterUserResponse r, String via) {
        ctx.store().updateCredentials(c -> c.with(url, new Credentials.Credential(r.token(), r.userId(), r.githubUsername(), via)));
        ctx.store().updateSettings(s -> s.withUser(r.githubUsername()));
        note("register", "done", "registered with " + url + " as " + r.githubUsername()
                + (via.equals("invite") ? " (local account, no GitHub)" : ""));
        return ctx.client(url, r.token());
    }

    /**
     * A single-use invite for this machine's user, minted with the local server's admin token. For an account an
     * earlier invite made (its token lost, expired or revoked) the invite signs that account in again, with its
     * workspaces. When a GitHub user has the name, a new account "name-2", "name-3"… is made.
     */
    private InviteResponse localInvite(String url) {
        LocalServer local = localServer();
        ServerClient admin = ctx.client(url, local.adminToken(local.recorded()));
        String base = localUsername();
        for (int i = 1; ; i++) {
            String name = i == 1 ? base : base + "-" + i;
            try {
                InviteResponse invite = admin.invite(name);
                if (i > 1) {
                    ctx.out().warn("the name " + base + " belongs to a GitHub user on this server; created the local account "
                            + name);
                }
                return invite;
            } catch (ApiException e) {
                if (e.status() != 409 || i >= 9) {
                    throw e;
                }
            }
        }
    }

    /** This machine's user name in GitHub's form (1-39 letters, digits, single hyphens): the local account's name. */
    String localUsername() {
        String user = ctx.env().get("USER", ctx.env().get("LOGNAME", ctx.paths().home().getFileName().toString()));
        String name = Names.suggest(user);
        name = name.length() > 36 ? name.substring(0, 36).replaceAll("-+$", "") : name;
        return name.isEmpty() ? "user" : name;
    }

    /** Adds the key to the user's keys on the server unless it is there; true when it was added. */
    boolean keyOnServer(ServerClient api, SshKeyPair key) {
        UserProfile me = api.me();
        for (SshKey k : me.keys()) {
            if (k.fingerprint().equals(key.fingerprint()) || k.fingerprint().endsWith(key.fingerprint())) {
                note("server_key", "skipped", "SSH key already registered with the server");
                return false;
            }
        }
        try {
            api.addKey(key.publicLine());
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        note("server_key", "done", "added SSH key " + key.fingerprint() + " to your Nexus account");
        return true;
    }

    /** This machine's name, for key comments and titles (the kernel's, without a DNS lookup when possible). */
    static String hostName() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e2) {
                return "localhost";
            }
        }
    }
}
