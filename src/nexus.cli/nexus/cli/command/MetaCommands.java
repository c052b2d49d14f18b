package nexus.cli.command;

import java.util.List;
import nexus.core.json.JsonObject;

/** {@code version}, {@code help [command…]} and {@code completion bash|zsh|fish}. */
final class MetaCommands {
    private MetaCommands() {}

    static CommandSpec versionSpec() {
        return CommandSpec.command("version", "print the version").handler((ctx, inv) -> CommandTree.printVersion(ctx.out())).build();
    }

    static CommandSpec helpSpec() {
        return CommandSpec.command("help", "show help for a command")
                .arg(ArgSpec.variadic("command", ValueKind.TEXT, "the command, e.g. `workspace create`"))
                .handler(MetaCommands::help)
                .build();
    }

    static CommandSpec completionSpec() {
        return CommandSpec.command("completion", "print a shell completion script")
                .description("""
                        bash:  echo 'source <(nexus completion bash)' >> ~/.bashrc
                        zsh:   nexus completion zsh > "${fpath[1]}/_nexus"   (then restart zsh)
                        fish:  nexus completion fish > ~/.config/fish/completions/nexus.fish""")
                .arg(ArgSpec.required("shell", ValueKind.TEXT, "bash, zsh or fish").choices(List.of("bash", "zsh", "fish")))
                .handler(MetaCommands::completion)
                .build();
    }

    private static int help(Context ctx, Invocation inv) {
        ArgParser parser = new ArgParser(CommandTree.root());
        List<CommandSpec> path = parser.resolve(inv.argList("command"));
        String text = HelpText.render(path);
        ctx.out().result(JsonObject.builder().put("command", HelpText.commandName(path)).put("usage", HelpText.usageLine(path))
                .put("help", text).build(), () -> ctx.out().line(text.stripTrailing()));
        return 0;
    }

    private static int completion(Context ctx, Invocation inv) {
        String shell = inv.arg("shell");
        CompletionScripts scripts = new CompletionScripts(CommandTree.root());
        String script = switch (shell) {
            case "bash" -> scripts.bash();
            case "zsh" -> scripts.zsh();
            case "fish" -> scripts.fish();
            default -> throw new IllegalStateException(shell); // the parser accepts only the three
        };
        ctx.out().result(JsonObject.builder().put("shell", shell).put("script", script).build(), () -> ctx.out().line(script));
        return 0;
    }
}
