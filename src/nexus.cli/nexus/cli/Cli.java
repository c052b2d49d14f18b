package nexus.cli;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import nexus.cli.api.ApiException;
import nexus.cli.command.ArgParser;
import nexus.cli.command.CommandSpec;
import nexus.cli.command.CommandTree;
import nexus.cli.command.Context;
import nexus.cli.command.HelpText;
import nexus.cli.command.Invocation;
import nexus.cli.output.Output;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;

/**
 * Runs one {@code nexus} command line: parses it against the command tree, runs the command, and turns every
 * failure into one error report (text on stderr, or the {@code --json} error object on stdout) and an exit code.
 */
public final class Cli {
    private Cli() {}

    public static int run(List<String> args, Env env) {
        List<String> options = args.contains("--") ? args.subList(0, args.indexOf("--")) : args;
        Output out = Output.of(env, options.contains("--json"), options.contains("--quiet") || options.contains("-q"),
                options.contains("--verbose") || options.contains("-v"), options.contains("--no-color"));
        CommandSpec root = CommandTree.root();
        ArgParser parser = new ArgParser(root);
        try {
            Optional<List<CommandSpec>> help = parser.helpRequest(args);
            if (help.isPresent()) {
                return printHelp(out, help.get());
            }
            Invocation inv = parser.parse(args);
            if (inv.command().isGroup()) {
                if (inv.command() == root && inv.flag("version")) {
                    return CommandTree.printVersion(out);
                }
                return printHelp(out, inv.path());
            }
            try (Context ctx = new Context(env, out, inv.value("server"))) {
                return inv.command().handler().run(ctx, inv);
            }
        } catch (CliException e) {
            return report(out, e);
        } catch (ApiException e) {
            return report(out, e.toCli());
        } catch (UncheckedIOException e) {
            return report(out, CliException.error("io_error", e.getMessage(), "check the file's permissions and free disk space"));
        } catch (ProcessRunner.ProcessException e) {
            return report(out, CliException.error("program_failed", e.getMessage(), "`nexus doctor` checks the programs nexus needs"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(out, new CliException(ExitCode.INTERRUPTED, "interrupted", "interrupted", null));
        } catch (Exception e) {
            if (options.contains("--verbose") || options.contains("-v")) {
                e.printStackTrace(env.err());
            }
            return report(out, new CliException(ExitCode.ERROR, "internal_error", "unexpected failure: " + e,
                    "run the command again with --verbose and report the output", JsonObject.empty(), null, e));
        }
    }

    private static int printHelp(Output out, List<CommandSpec> path) {
        String text = HelpText.render(path);
        out.result(JsonObject.builder().put("command", HelpText.commandName(path)).put("usage", HelpText.usageLine(path))
                .put("help", text).build(), () -> out.line(text.stripTrailing()));
        return 0;
    }

    private static int report(Output out, CliException e) {
        if (out.json() && !out.documentWritten()) {
            out.document(e.toJson());
        } else {
            out.error(e.getMessage(), e.next());
        }
        return e.exit().code();
    }
}
