package nexus.cli.command;

import java.util.List;
import java.util.stream.Collectors;

/** Renders {@code --help} / {@code help <cmd>} from the command tree. */
public final class HelpText {
    private HelpText() {}

    /** "nexus workspace create": the canonical names along the path. */
    public static String commandName(List<CommandSpec> path) {
        return path.stream().map(CommandSpec::name).collect(Collectors.joining(" "));
    }

    public static String usageLine(List<CommandSpec> path) {
        CommandSpec c = path.getLast();
        StringBuilder b = new StringBuilder(commandName(path));
        if (c.isGroup()) {
            return b.append(" <command> [options]").toString();
        }
        if (!c.options().isEmpty()) {
            b.append(" [options]");
        }
        for (ArgSpec a : c.args()) {
            b.append(' ').append(a.synopsis());
        }
        if (c.passThrough()) {
            b.append(" [-- <command>…]");
        }
        return b.toString();
    }

    public static String render(List<CommandSpec> path) {
        CommandSpec c = path.getLast();
        CommandSpec root = path.getFirst();
        StringBuilder b = new StringBuilder();
        b.append(commandName(path)).append(" — ").append(c.summary()).append("\n\n");
        b.append("Usage: ").append(usageLine(path)).append('\n');
        if (!c.aliases().isEmpty()) {
            b.append("Aliases: ").append(String.join(", ", c.aliases())).append('\n');
        }
        if (!c.description().isBlank()) {
            b.append('\n').append(c.description().strip()).append('\n');
        }
        List<CommandSpec> visible = c.children().stream().filter(s -> !s.hidden()).toList();
        if (!visible.isEmpty()) {
            b.append("\nCommands:\n");
            table(b, visible.stream().map(s -> new String[] {s.name() + aliasSuffix(s), s.summary()}).toList());
        }
        if (!c.args().isEmpty()) {
            b.append("\nArguments:\n");
            table(b, c.args().stream().map(a -> new String[] {a.synopsis(), a.help()}).toList());
        }
        if (!c.options().isEmpty() && c != root) {
            b.append("\nOptions:\n");
            table(b, c.options().stream().map(HelpText::optionRow).toList());
        }
        List<OptionSpec> globals = root.options().stream().filter(OptionSpec::global).toList();
        b.append(c == root ? "\nOptions:\n" : "\nGlobal options:\n");
        table(b, (c == root ? root.options() : globals).stream().map(HelpText::optionRow).toList());
        if (!c.examples().isEmpty()) {
            b.append("\nExamples:\n");
            c.examples().forEach(e -> b.append("  ").append(e).append('\n'));
        }
        if (c.isGroup()) {
            b.append("\nRun \"").append(commandName(path)).append(" <command> --help\" for a command's options.\n");
        }
        if (c == root) {
            b.append("Exit codes: 0 ok, 1 error, 2 usage, 3 auth, 4 not found, 5 conflict, 6 server unreachable, 7 timeout.\n")
                    .append("Documentation: docs/cli.md\n");
        }
        return b.toString();
    }

    private static String aliasSuffix(CommandSpec s) {
        return s.aliases().isEmpty() ? "" : " (" + String.join(", ", s.aliases()) + ")";
    }

    private static String[] optionRow(OptionSpec o) {
        String help = o.help();
        if (!o.choices().isEmpty()) {
            help += " (" + String.join("|", o.choices()) + ")";
        }
        return new String[] {o.synopsis(), help};
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        width = Math.min(width, 32);
        for (String[] r : rows) {
            b.append("  ").append(r[0]);
            if (r[0].length() > width) {
                b.append('\n').append(" ".repeat(width + 4));
            } else {
                b.append(" ".repeat(width - r[0].length() + 2));
            }
            b.append(r[1]).append('\n');
        }
    }
}
