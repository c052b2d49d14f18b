package nexus.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of one command: {@code --name value}, {@code --name=value} and boolean {@code --name}.
 * Anything unknown, missing its value, or repeated (unless declared repeatable) is a {@link UsageException} naming it.
 */
final class Flags {
    private final String command;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();

    /** The command line was wrong; Main prints the message and the usage and exits 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private Flags(String command) {
        this.command = command;
    }

    /** Parses {@code args}; {@code valued} take a value, {@code switches} do not. */
    static Flags parse(String command, List<String> args, Set<String> valued, Set<String> switches) {
        return parse(command, args, valued, switches, Set.of());
    }

    /** Parses {@code args}; {@code valued} take a value, {@code switches} do not, {@code repeatable} are valued and may recur. */
    static Flags parse(String command, List<String> args, Set<String> valued, Set<String> switches, Set<String> repeatable) {
        Flags f = new Flags(command);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument \"" + a + "\"");
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (valued.contains(name) || repeatable.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(command + ": " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
            } else if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException(command + ": " + name + " takes no value");
                }
                value = "true";
            } else {
                throw new UsageException(command + ": unknown option " + name + " (see nexus-server --help)");
            }
            if (repeatable.contains(name)) {
                f.repeated.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            } else if (f.values.put(name, value) != null) {
                throw new UsageException(command + ": " + name + " is given twice");
            }
        }
        return f;
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": " + name + " is required");
        }
        return v;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value of a repeatable flag, in order (empty when not given). */
    List<String> all(String name) {
        return repeated.getOrDefault(name, List.of());
    }
}
