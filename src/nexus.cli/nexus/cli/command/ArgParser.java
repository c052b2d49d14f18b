package nexus.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import nexus.cli.CliException;
import nexus.core.id.Names;

/**
 * Turns argv into an {@link Invocation} by walking the command tree: words pick subcommands until a command is
 * reached, then become its positional arguments; {@code --name value}, {@code --name=value}, {@code -x} and
 * combined short flags are accepted anywhere, global options at every level; {@code --} ends the options (and
 * for pass-through commands starts the remote command line). Every mistake becomes a usage error that names
 * the help to read.
 */
public final class ArgParser {
    private final CommandSpec root;

    public ArgParser(CommandSpec root) {
        this.root = root;
    }

    /** Help was asked for (-h/--help anywhere before "--"): the command whose help to show. */
    public Optional<List<CommandSpec>> helpRequest(List<String> argv) {
        boolean asked = false;
        List<CommandSpec> path = new ArrayList<>(List.of(root));
        for (String word : argv) {
            if (word.equals("--")) {
                break;
            }
            if (word.equals("-h") || word.equals("--help")) {
                asked = true;
            } else if (!word.startsWith("-")) {
                path.getLast().child(word).ifPresent(path::add);
            }
        }
        return asked ? Optional.of(List.copyOf(path)) : Optional.empty();
    }

    /** The deepest command the words name, for help after a usage error. */
    public List<CommandSpec> resolve(List<String> words) {
        List<CommandSpec> path = new ArrayList<>(List.of(root));
        for (String word : words) {
            Optional<CommandSpec> next = path.getLast().child(word);
            if (next.isEmpty()) {
                throw unknownCommand(path, word);
            }
            path.add(next.get());
        }
        return path;
    }

    public Invocation parse(List<String> argv) {
        List<CommandSpec> path = new ArrayList<>(List.of(root));
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            CommandSpec current = path.getLast();
            if (optionsEnded) {
                (current.passThrough() ? rest : positionals).add(word);
            } else if (word.equals("--")) {
                optionsEnded = true;
            } else if (word.startsWith("--") && word.length() > 2) {
                i = longOption(path, word, argv, i, options);
            } else if (word.startsWith("-") && word.length() > 1 && !isNumber(word)) {
                i = shortOptions(path, word, argv, i, options);
            } else if (current.isGroup() && positionals.isEmpty()) {
                path.add(current.child(word).orElseThrow(() -> unknownCommand(path, word)));
            } else {
                positionals.add(word);
            }
        }
        return new Invocation(path, options, assignArgs(path, positionals), rest);
    }

    private int longOption(List<CommandSpec> path, String word, List<String> argv, int i, Map<String, List<String>> options) {
        int eq = word.indexOf('=');
        String name = eq < 0 ? word.substring(2) : word.substring(2, eq);
        OptionSpec spec = findLong(path, name).orElseThrow(() -> unknownOption(path, "--" + name));
        String value;
        if (!spec.takesValue()) {
            if (eq >= 0) {
                throw CliException.usage("--" + name + " is a flag and takes no value", helpOf(path));
            }
            value = "true";
        } else if (eq >= 0) {
            value = word.substring(eq + 1);
        } else if (i + 1 < argv.size()) {
            value = argv.get(++i);
        } else {
            throw CliException.usage("--" + name + " needs a value (" + spec.synopsis() + ")", helpOf(path));
        }
        put(path, options, spec, value);
        return i;
    }

    private int shortOptions(List<CommandSpec> path, String word, List<String> argv, int i, Map<String, List<String>> options) {
        for (int k = 1; k < word.length(); k++) {
            String s = String.valueOf(word.charAt(k));
            OptionSpec spec = findShort(path, s).orElseThrow(() -> unknownOption(path, "-" + s));
            if (spec.takesValue()) {
                String value;
                if (k + 1 < word.length()) {
                    value = word.substring(k + 1);
                } else if (i + 1 < argv.size()) {
                    value = argv.get(++i);
                } else {
                    throw CliException.usage("-" + s + " needs a value (" + spec.synopsis() + ")", helpOf(path));
                }
                put(path, options, spec, value);
                return i;
            }
            put(path, options, spec, "true");
        }
        return i;
    }

    private void put(List<CommandSpec> path, Map<String, List<String>> options, OptionSpec spec, String value) {
        if (!spec.choices().isEmpty() && !spec.choices().contains(value)) {
            throw CliException.usage("--" + spec.name() + " must be one of " + String.join(", ", spec.choices())
                    + ", not \"" + Names.printable(value) + "\"", helpOf(path));
        }
        options.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(value);
    }

    private Map<String, List<String>> assignArgs(List<CommandSpec> path, List<String> positionals) {
        CommandSpec command = path.getLast();
        if (command.isGroup()) {
            // a bare group ("nexus workspace") is answered with its help by the dispatcher
            return Map.of();
        }
        Map<String, List<String>> args = new LinkedHashMap<>();
        int p = 0;
        for (ArgSpec arg : command.args()) {
            if (arg.variadic()) {
                args.put(arg.name(), List.copyOf(positionals.subList(Math.min(p, positionals.size()), positionals.size())));
                p = positionals.size();
            } else if (p < positionals.size()) {
                String value = positionals.get(p++);
                if (!arg.choices().isEmpty() && !arg.choices().contains(value)) {
                    throw CliException.usage(arg.synopsis() + " must be one of " + String.join(", ", arg.choices())
                            + ", not \"" + Names.printable(value) + "\"", helpOf(path));
                }
                args.put(arg.name(), List.of(value));
            } else if (arg.required()) {
                throw CliException.usage("missing " + arg.synopsis() + ": usage: " + HelpText.usageLine(path), helpOf(path));
            }
        }
        if (p < positionals.size() && command.passThrough()) {
            throw CliException.usage("unexpected argument \"" + Names.printable(positionals.get(p)) + "\": put the command to run"
                    + " after \"--\" (usage: " + HelpText.usageLine(path) + ")", helpOf(path));
        }
        if (p < positionals.size()) {
            throw CliException.usage("unexpected argument \"" + Names.printable(positionals.get(p)) + "\" for "
                    + HelpText.commandName(path) + " (usage: " + HelpText.usageLine(path) + ")", helpOf(path));
        }
        return args;
    }

    private Optional<OptionSpec> findLong(List<CommandSpec> path, String name) {
        return path.getLast().option(name).or(() -> root.option(name).filter(OptionSpec::global));
    }

    private Optional<OptionSpec> findShort(List<CommandSpec> path, String name) {
        return path.getLast().shortOption(name).or(() -> root.shortOption(name).filter(OptionSpec::global));
    }

    private CliException unknownOption(List<CommandSpec> path, String option) {
        List<String> known = Stream.concat(path.getLast().options().stream(), root.options().stream().filter(OptionSpec::global))
                .map(o -> "--" + o.name()).toList();
        String hint = closest(option, known).map(s -> " (did you mean " + s + "?)").orElse("");
        return CliException.usage("unknown option " + Names.printable(option) + " for " + HelpText.commandName(path) + hint,
                helpOf(path));
    }

    private CliException unknownCommand(List<CommandSpec> path, String word) {
        List<String> known = path.getLast().children().stream().filter(c -> !c.hidden()).map(CommandSpec::name).toList();
        String hint = closest(word, known).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
        return CliException.usage("unknown command \"" + Names.printable(word) + "\" for " + HelpText.commandName(path) + hint,
                helpOf(path));
    }

    static String helpOf(List<CommandSpec> path) {
        return HelpText.commandName(path) + " --help";
    }

    private static boolean isNumber(String word) {
        return word.matches("-\\d+");
    }

    /** The known word within edit distance 2 of what was typed, if any. */
    static Optional<String> closest(String typed, List<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(typed, k)))
                .filter(e -> e.getValue() <= 2)
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
