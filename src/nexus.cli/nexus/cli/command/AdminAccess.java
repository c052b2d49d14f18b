package nexus.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ServerClient;
import nexus.cli.local.LocalServer;
import nexus.cli.settings.LocalServerInfo;

/**
 * The admin token for the admin commands ({@code node}, {@code quota set}): from {@code --admin-token-file},
 * NEXUS_ADMIN_TOKEN, or the data directory of the local server nexus started (whose user is its admin).
 */
final class AdminAccess {
    private AdminAccess() {}

    static OptionSpec tokenFileOption() {
        return OptionSpec.value("admin-token-file", "FILE", "file holding the admin token (default: NEXUS_ADMIN_TOKEN, "
                + "or the local server's)").kind(ValueKind.PATH);
    }

    /** A client of the configured server with the admin token, or exit 3 saying where to get one. */
    static ServerClient client(Context ctx, Invocation inv) {
        String url = ctx.requireServer();
        String token = ctx.env().get("NEXUS_ADMIN_TOKEN");
        String file = inv.value("admin-token-file");
        if (file != null) {
            try {
                token = Files.readString(ctx.env().cwd().resolve(file)).strip();
            } catch (IOException e) {
                throw CliException.usage("cannot read the admin token file " + file + ": " + e.getMessage(), "check --admin-token-file");
            }
        }
        LocalServerInfo local = ctx.settings().localServer();
        if (token == null && local != null && local.url().equals(url)) {
            token = new LocalServer(ctx.programs(), ctx.paths(), ctx.store()).adminToken(local);
        }
        if (token == null) {
            throw new CliException(ExitCode.AUTH, "admin_token_required", "this needs the server's admin token",
                    "set NEXUS_ADMIN_TOKEN or pass --admin-token-file (on the server: `nexus-server admin-token --data DIR`)");
        }
        return ctx.client(url, token);
    }
}
