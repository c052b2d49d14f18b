package nexus.cli.command;

import nexus.cli.output.Output;
import nexus.core.Version;
import nexus.core.json.JsonObject;

/**
 * The whole {@code nexus} command tree (DESIGN §7). Each group's specs and handlers live in its own class; this
 * class only assembles them under the root and its global options.
 */
public final class CommandTree {
    private CommandTree() {}

    public static CommandSpec root() {
        return CommandSpec.command("nexus", "ready-to-code remote workspaces for your repositories")
                .description("""
                        `nexus up <repo>` takes you from nothing to an editor open on a running workspace: GitHub login (when
                        the repository is on GitHub), SSH key, fork, workspace, service port forwards and editor. Every step is
                        also a command of its own. Without a configured server, `nexus up` starts a local one.""")
                .option(OptionSpec.flag("json", "print one JSON document on stdout and nothing else (schemas: docs/cli.md)").asGlobal())
                .option(OptionSpec.flag("quiet", "print only results and errors").shortName("q").asGlobal())
                .option(OptionSpec.flag("verbose", "print more detail (and stack traces of unexpected errors)").shortName("v").asGlobal())
                .option(OptionSpec.value("server", "URL", "the Nexus server (default: NEXUS_SERVER, then the configured one)")
                        .kind(ValueKind.URL).asGlobal())
                .option(OptionSpec.flag("no-color", "no colours (also: NO_COLOR=1)").asGlobal())
                .option(OptionSpec.flag("help", "show help for a command").shortName("h").asGlobal())
                .option(OptionSpec.flag("version", "print the version"))
                .child(UpCommand.spec())
                .child(AuthCommands.spec())
                .child(SshCommands.spec())
                .child(WorkspaceCommands.spec())
                .child(ServerCommands.spec())
                .child(NodeCommands.spec())
                .child(QuotaCommands.spec())
                .child(DoctorCommand.spec())
                .child(ConfigCommands.spec())
                .child(MetaCommands.completionSpec())
                .child(MetaCommands.versionSpec())
                .child(MetaCommands.helpSpec())
                .child(ForwardCommands.daemonSpec())
                .example("nexus up my-org/my-project")
                .example("nexus up ./my-project            # a local checkout, no GitHub needed")
                .example("nexus ws list")
                .build();
    }

    public static int printVersion(Output out) {
        out.result(JsonObject.builder().put("version", Version.current()).build(), () -> out.line("nexus " + Version.current()));
        return 0;
    }
}
