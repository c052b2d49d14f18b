package nexus.core.util;

import java.util.Arrays;
import java.util.List;

/** Small text helpers for messages and logs. */
public final class Text {
    private Text() {}

    /** The last {@code n} non-empty lines of {@code text}, joined with newlines. */
    public static String lastLines(String text, int n) {
        List<String> lines = Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** {@code text} if it has at most {@code max} characters, else its end after "…" (paths keep their last parts). */
    public static String shortenStart(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }

    /** "1 service", "2 services". */
    public static String plural(long count, String singular) {
        return count + " " + (count == 1 ? singular : singular + "s");
    }
}
