package nexus.cli.command;

import nexus.cli.CliException;
import nexus.cli.api.ServerUrl;
import nexus.cli.local.LocalServer;
import nexus.cli.settings.LocalServerInfo;
import nexus.core.api.HealthStatus;
import nexus.core.json.JsonObject;

/**
 * {@code nexus server [URL] [--local] [--stop]}: which server the CLI uses, pointing it at another, and the local
 * server nexus starts on this machine.
 */
final class ServerCommands {
    private ServerCommands() {}

    static CommandSpec spec() {
        return CommandSpec.command("server", "show or change the Nexus server; start or stop a local one")
                .description("""
                        Without arguments: the server in use, where that setting comes from, and whether it answers.
                        With URL: use that server from now on (saved in config.json).
                        --local: start a server on this machine (the nexus-server runtime installed beside nexus, data in
                        $XDG_DATA_HOME/nexus) and use it. --stop: stop the local server.""")
                .arg(ArgSpec.optional("url", ValueKind.URL, "server address: host, host:port or http(s)://host:port"))
                .option(OptionSpec.flag("local", "start (or reuse) a local server and use it"))
                .option(OptionSpec.flag("stop", "stop the local server nexus started"))
                .example("nexus server nexus.example.com")
                .example("nexus server --local")
                .handler(ServerCommands::server).build();
    }

    private static int server(Context ctx, Invocation inv) {
        String url = inv.arg("url");
        LocalServer local = new LocalServer(ctx.programs(), ctx.paths(), ctx.store());
        String action = "none";
        if ((url != null ? 1 : 0) + (inv.flag("local") ? 1 : 0) + (inv.flag("stop") ? 1 : 0) > 1) {
            throw CliException.usage("give one of URL, --local and --stop", "nexus server --help");
        }
        if (url != null) {
            String normalized = ServerUrl.normalize(url);
            ctx.store().updateSettings(s -> s.withServer(normalized));
            action = "set";
        } else if (inv.flag("local")) {
            LocalServerInfo info = local.ensureRunning(ctx.out()::info);
            ctx.store().updateSettings(s -> s.withServer(info.url()));
            action = "local";
        } else if (inv.flag("stop")) {
            if (local.recorded() != null) {
                // forwarders to a server that is gone would retry forever
                Workspaces.forwarders(ctx).stopAll(local.recorded().url());
            }
            action = local.stop() ? "stopped" : "not_running";
        }
        return show(ctx, inv, local, action);
    }

    private static int show(Context ctx, Invocation inv, LocalServer local, String action) {
        String url = ctx.serverUrl();
        String source = inv.value("server") != null ? "flag" : ctx.env().get("NEXUS_SERVER") != null ? "NEXUS_SERVER"
                : url != null ? "config" : "none";
        HealthStatus health = null;
        String problem = null;
        if (url != null) {
            try {
                health = ctx.client(url, null).health();
            } catch (CliException e) {
                problem = e.getMessage();
            }
        }
        LocalServerInfo info = local.recorded();
        boolean isLocal = info != null && info.url().equals(url);
        HealthStatus h = health;
        String why = problem;
        JsonObject doc = JsonObject.builder()
                .put("server", url)
                .put("source", source)
                .put("action", action)
                .put("local", isLocal)
                .put("reachable", h != null)
                .put("health", h)
                .put("problem", why)
                .put("local_server", info)
                .build();
        ctx.out().result(doc, () -> {
            var st = ctx.out().style();
            switch (action) {
                case "set" -> ctx.out().line(st.ok("Using the Nexus server at " + url));
                case "local" -> ctx.out().line(st.ok("Using the local Nexus server at " + url));
                case "stopped" -> ctx.out().line(st.ok("Stopped the local Nexus server"));
                case "not_running" -> ctx.out().line("The local Nexus server was not running");
                default -> { }
            }
            if (url == null) {
                ctx.out().line("No server configured: `nexus up <repo>` starts a local one, `nexus server HOST` uses another.");
                return;
            }
            ctx.out().line("  server   " + url + st.dim("  (" + source + (isLocal ? ", local" : "") + ")"));
            ctx.out().line("  status   " + (h != null ? st.green(h.status()) + " · version " + h.version() + " · nodes " + h.nodesOnline()
                    + " online, " + h.nodesOffline() + " offline" : st.red("unreachable: " + why)));
        });
        if (url != null && h == null && !action.equals("stopped")) {
            ctx.out().warn("the server does not answer; check the address, or `nexus doctor`");
            return nexus.cli.ExitCode.UNREACHABLE.code();
        }
        return 0;
    }
}
