package nexus.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node of the command tree: a group (with children) or a command (with a handler). The one tree drives
 * parsing, {@code --help}, {@code help <cmd>}, shell completion and dispatch, so they cannot disagree.
 * {@code passThrough} commands take everything after {@code --} verbatim (a remote command line).
 */
public record CommandSpec(String name, List<String> aliases, String summary, String description,
                          List<OptionSpec> options, List<ArgSpec> args, List<CommandSpec> children, Handler handler,
                          boolean passThrough, boolean hidden, List<String> examples) {

    public CommandSpec {
        aliases = List.copyOf(aliases);
        options = List.copyOf(options);
        args = List.copyOf(args);
        children = List.copyOf(children);
        examples = List.copyOf(examples);
    }

    public static Builder command(String name, String summary) {
        return new Builder(name, summary);
    }

    public boolean isGroup() {
        return !children.isEmpty();
    }

    public boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    public Optional<CommandSpec> child(String word) {
        return children.stream().filter(c -> c.answersTo(word)).findFirst();
    }

    public Optional<OptionSpec> option(String longName) {
        return options.stream().filter(o -> o.name().equals(longName)).findFirst();
    }

    public Optional<OptionSpec> shortOption(String shortName) {
        return options.stream().filter(o -> shortName.equals(o.shortName())).findFirst();
    }

    /** Builds a spec step by step; groups get children, commands a handler. */
    public static final class Builder {
        private final String name;
        private final String summary;
        private final List<String> aliases = new ArrayList<>();
        private final List<OptionSpec> options = new ArrayList<>();
        private final List<ArgSpec> args = new ArrayList<>();
        private final List<CommandSpec> children = new ArrayList<>();
        private final List<String> examples = new ArrayList<>();
        private String description = "";
        private Handler handler;
        private boolean passThrough;
        private boolean hidden;

        private Builder(String name, String summary) {
            this.name = name;
            this.summary = summary;
        }

        public Builder alias(String alias) {
            aliases.add(alias);
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder option(OptionSpec option) {
            options.add(option);
            return this;
        }

        public Builder arg(ArgSpec arg) {
            args.add(arg);
            return this;
        }

        public Builder child(CommandSpec child) {
            children.add(child);
            return this;
        }

        public Builder example(String line) {
            examples.add(line);
            return this;
        }

        public Builder passThrough() {
            this.passThrough = true;
            return this;
        }

        public Builder hidden() {
            this.hidden = true;
            return this;
        }

        public Builder handler(Handler h) {
            this.handler = h;
            return this;
        }

        public CommandSpec build() {
            if (handler == null && children.isEmpty()) {
                throw new IllegalStateException("command " + name + " has neither a handler nor subcommands");
            }
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).variadic()) {
                    throw new IllegalStateException("command " + name + ": only the last argument may be variadic");
                }
            }
            return new CommandSpec(name, aliases, summary, description, options, args, children, handler, passThrough,
                    hidden, examples);
        }
    }
}
