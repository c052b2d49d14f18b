package nexus.cli.command;

import java.util.List;
import java.util.Map;
import nexus.cli.CliException;

/**
 * A parsed command line: the command path from the root, option values by long name (flags hold "true"),
 * positional arguments by name, and the words after {@code --} of a pass-through command.
 */
public record Invocation(List<CommandSpec> path, Map<String, List<String>> options, Map<String, List<String>> args,
                         List<String> rest) {

    public Invocation {
        path = List.copyOf(path);
        options = Map.copyOf(options);
        args = Map.copyOf(args);
        rest = List.copyOf(rest);
    }

    public CommandSpec command() {
        return path.getLast();
    }

    /** "nexus workspace create" — how help and error messages name this command. */
    public String commandLine() {
        return HelpText.commandName(path);
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /** The option's (last) value, or null when not given. */
    public String value(String name) {
        List<String> v = options.get(name);
        return v == null ? null : v.getLast();
    }

    public String value(String name, String fallback) {
        String v = value(name);
        return v == null ? fallback : v;
    }

    public Integer intValue(String name) {
        String v = value(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " wants a whole number, not \"" + nexus.core.id.Names.printable(v) + "\"",
                    commandLine() + " --help");
        }
    }

    public String arg(String name) {
        List<String> v = args.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public List<String> argList(String name) {
        return args.getOrDefault(name, List.of());
    }
}
