package nexus.cli.command;

/** What a command does. Returns the exit code; failures are thrown as {@link nexus.cli.CliException}. */
@FunctionalInterface
public interface Handler {
    int run(Context ctx, Invocation inv) throws Exception;
}
