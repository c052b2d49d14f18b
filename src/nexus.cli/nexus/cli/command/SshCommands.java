package nexus.cli.command;

import nexus.cli.api.ServerClient;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.json.JsonObject;

/** {@code nexus ssh setup}: the user's SSH key on this machine, on GitHub and on the server, and the SSH config. */
final class SshCommands {
    private SshCommands() {}

    static CommandSpec spec() {
        return CommandSpec.command("ssh", "set up SSH: your key, GitHub, the server and ~/.ssh/config")
                .child(CommandSpec.command("setup", "find or create your SSH key and register it everywhere it is needed")
                        .description("""
                                Uses --key, else ~/.ssh/id_ed25519 (then id_ecdsa, id_rsa), else creates an ed25519 key with
                                ssh-keygen. When gh is logged in, adds the key to your GitHub account unless it is there
                                (`gh ssh-key list`). Adds it to your account on the Nexus server, and adds one Include line
                                to ~/.ssh/config for the workspaces' `nexus-<ws>` hosts.""")
                        .option(OptionSpec.value("key", "PATH", "the SSH private key to use").kind(ValueKind.PATH))
                        .handler(SshCommands::setup).build())
                .build();
    }

    private static int setup(Context ctx, Invocation inv) {
        Onboarding on = new Onboarding(ctx);
        SshKeyPair key = on.key(inv.value("key"));
        Onboarding.GitHubIdentity github = on.githubIfLoggedIn();
        Boolean addedToGitHub = github == null ? null : on.keyOnGitHub(key);
        Boolean addedToServer = null;
        String url = ctx.serverUrl();
        if (url != null) {
            ServerClient api = on.register(url, key, github, false);
            addedToServer = on.keyOnServer(api, key);
        } else {
            ctx.out().warn("no Nexus server is configured, so the key is not registered with one yet (`nexus up <repo>` does that)");
        }
        boolean includeAdded = ctx.sshConfig().ensureInclude();
        var files = ctx.sshConfig();
        JsonObject doc = JsonObject.builder()
                .put("key", JsonObject.builder()
                        .put("path", key.privateKey().toString())
                        .put("public_key", key.publicLine())
                        .put("fingerprint", key.fingerprint())
                        .put("type", key.type())
                        .build())
                .put("github_key_added", addedToGitHub)
                .put("server_key_added", addedToServer)
                .put("ssh_config", JsonObject.builder()
                        .put("include_added", includeAdded)
                        .put("user_config", files.userConfig().toString())
                        .put("nexus_config", files.nexusConfig().toString())
                        .put("known_hosts", files.knownHosts().toString())
                        .build())
                .put("steps", on.stepsJson())
                .build();
        ctx.out().result(doc, () -> {
            var st = ctx.out().style();
            ctx.out().line(st.ok("SSH key " + key.privateKey() + " " + st.dim(key.fingerprint())));
            ctx.out().line("  GitHub   " + (addedToGitHub == null ? st.dim("not in use (gh not logged in)") : "present"));
            ctx.out().line("  server   " + (url == null ? st.dim("none configured") : "registered with " + url));
            ctx.out().line("  config   " + files.userConfig() + " includes " + files.nexusConfig());
        });
        return 0;
    }
}
