package nexus.cli.editor;

import java.util.Arrays;
import nexus.cli.CliException;
import nexus.cli.Programs;

/**
 * Which editor to open: {@code --editor}, then {@code NEXUS_EDITOR}, then the saved choice
 * ({@code nexus config set editor …}), then the first of cursor, code, zed, vim installed; none when nothing is.
 */
public final class EditorChooser {
    private final Programs programs;

    public EditorChooser(Programs programs) {
        this.programs = programs;
    }

    /** The chosen editor and where the choice came from ("flag", "NEXUS_EDITOR", "config", "detected", "none found"). */
    public record Choice(Editor editor, String source) {}

    public Choice choose(String flag, String saved) {
        if (flag != null) {
            return new Choice(parse(flag, "--editor"), "flag");
        }
        String env = programs.env().get("NEXUS_EDITOR");
        if (env != null) {
            return new Choice(parse(env, "NEXUS_EDITOR"), "NEXUS_EDITOR");
        }
        if (saved != null) {
            return new Choice(parse(saved, "the saved editor (config.json)"), "config");
        }
        return Arrays.stream(Editor.values())
                .filter(e -> e.program() != null && programs.installed(e.program()))
                .findFirst()
                .map(e -> new Choice(e, "detected"))
                .orElse(new Choice(Editor.NONE, "none found"));
    }

    private static Editor parse(String text, String where) {
        Editor e = Editor.parse(text);
        if (e == null) {
            throw CliException.usage(where + " names an unknown editor \"" + nexus.core.id.Names.printable(text) + "\"",
                    "use one of " + String.join(", ", Editor.names()) + " (e.g. `nexus config set editor code`)");
        }
        return e;
    }
}
