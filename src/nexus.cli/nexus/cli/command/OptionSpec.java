package nexus.cli.command;

import java.util.List;

/**
 * One option of a command. {@code valueName} is null for a flag; {@code choices} (when not empty) are the only
 * accepted values and what completion offers; {@code global} options are accepted by every command.
 */
public record OptionSpec(String name, String shortName, String valueName, String help, List<String> choices,
                         ValueKind valueKind, boolean global) {

    public OptionSpec {
        choices = List.copyOf(choices);
    }

    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, null, null, help, List.of(), ValueKind.NONE, false);
    }

    public static OptionSpec value(String name, String valueName, String help) {
        return new OptionSpec(name, null, valueName, help, List.of(), ValueKind.TEXT, false);
    }

    public OptionSpec shortName(String s) {
        return new OptionSpec(name, s, valueName, help, choices, valueKind, global);
    }

    public OptionSpec choices(String... values) {
        return new OptionSpec(name, shortName, valueName, help, List.of(values), valueKind, global);
    }

    public OptionSpec kind(ValueKind kind) {
        return new OptionSpec(name, shortName, valueName, help, choices, kind, global);
    }

    public OptionSpec asGlobal() {
        return new OptionSpec(name, shortName, valueName, help, choices, valueKind, true);
    }

    public boolean takesValue() {
        return valueName != null;
    }

    /** "--name VALUE" / "-n, --name" as help shows it. */
    public String synopsis() {
        String s = (shortName == null ? "" : "-" + shortName + ", ") + "--" + name;
        return takesValue() ? s + " " + valueName : s;
    }
}
