package nexus.cli.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.forward.ForwardFiles;
import nexus.cli.forward.Forwarders;
import nexus.cli.ssh.SshHost;
import nexus.cli.ssh.SshKeyPair;
import nexus.core.api.Workspace;

/** What several workspace commands share: argument checks, the managed SSH host entry, the forwarders. */
final class Workspaces {
    private Workspaces() {}

    /** A workspace name or id as typed; rejects what could never be one before it reaches a URL or a file name. */
    static String name(Invocation inv) {
        String ws = inv.arg("workspace");
        if (ws == null || !ws.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
            throw CliException.usage("\"" + nexus.core.id.Names.printable(String.valueOf(ws)) + "\" is not a workspace name",
                    "`nexus workspace list` shows your workspaces' names");
        }
        return ws;
    }

    static Forwarders forwarders(Context ctx) {
        return new Forwarders(ctx.programs(), new ForwardFiles(ctx.paths().forwardsDir()));
    }

    /** "--server URL" for a background nexus when the server was given on this command line. */
    static List<String> serverArgs(Context ctx, Invocation inv) {
        String s = inv.value("server");
        return s == null ? List.of() : List.of("--server", ctx.serverUrl());
    }

    /** The user's SSH key as configured (key_path) or found; empty when there is none yet. */
    static Optional<SshKeyPair> userKey(Context ctx) {
        String configured = ctx.settings().keyPath();
        if (configured != null) {
            return Optional.of(ctx.sshKeys().load(Path.of(configured)));
        }
        return ctx.sshKeys().find();
    }

    /**
     * Writes (or refreshes) the workspace's {@code Host nexus-<ws>} block and pinned host keys, and makes sure
     * ~/.ssh/config includes the Nexus file. Returns false when the workspace has no SSH endpoint yet or the
     * user has no key.
     */
    static boolean syncSsh(Context ctx, Workspace w) {
        if (w.ssh() == null) {
            return false;
        }
        Optional<SshKeyPair> key = userKey(ctx);
        if (key.isEmpty()) {
            ctx.out().warn("no SSH key yet, so `ssh " + SshHost.alias(w.name()) + "` is not set up; run `nexus ssh setup`");
            return false;
        }
        var files = ctx.sshConfig();
        files.ensureInclude();
        files.writeHost(new SshHost(w.name(), w.ssh().host(), w.ssh().port(), w.ssh().user(), key.get().privateKey(),
                w.ssh().hostKeys()));
        return true;
    }
}
