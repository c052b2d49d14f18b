package nexus.cli.command;

import java.util.List;

/**
 * A positional argument. A {@code variadic} argument takes every remaining word (and must come last);
 * {@code choices}, when not empty, are the accepted values (and what completion offers).
 */
public record ArgSpec(String name, String help, boolean required, boolean variadic, ValueKind kind, List<String> choices) {

    public ArgSpec {
        choices = List.copyOf(choices);
    }

    public static ArgSpec required(String name, ValueKind kind, String help) {
        return new ArgSpec(name, help, true, false, kind, List.of());
    }

    public static ArgSpec optional(String name, ValueKind kind, String help) {
        return new ArgSpec(name, help, false, false, kind, List.of());
    }

    public static ArgSpec variadic(String name, ValueKind kind, String help) {
        return new ArgSpec(name, help, false, true, kind, List.of());
    }

    public ArgSpec choices(List<String> values) {
        return new ArgSpec(name, help, required, variadic, kind, values);
    }

    public String synopsis() {
        String s = "<" + name + ">" + (variadic ? "…" : "");
        return required ? s : "[" + s + "]";
    }
}
