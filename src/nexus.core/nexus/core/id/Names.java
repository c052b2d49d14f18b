package nexus.core.id;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Workspace names (DESIGN §8): {@code ^[a-z0-9][a-z0-9-]{0,62}$} — valid as a hostname label, an SSH host alias
 * suffix and a container name part — and not of the shape of a workspace id ({@code ws-} and 20 characters of
 * the id alphabet): wherever the API takes a workspace, it takes its id or its name, and reads such a name as an
 * id. Names are unique per owner.
 */
public final class Names {
    public static final int MAX_LENGTH = 63;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !Ids.isId(Ids.WORKSPACE, name);
    }

    /**
     * Why {@code name} is not a valid workspace name, or null when it is. The text says what to change.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a workspace name is required";
        }
        if (name.length() > MAX_LENGTH) {
            return "workspace name is " + name.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        if (!VALID.matcher(name).matches()) {
            return "workspace name \"" + printable(name) + "\" must use only lowercase letters, digits and '-', "
                    + "and start with a letter or digit (e.g. \"" + suggest(name) + "\")";
        }
        if (Ids.isId(Ids.WORKSPACE, name)) {
            return "workspace name \"" + name + "\" has the shape of a workspace id (ws- and 20 letters or digits 2-7), "
                    + "so it would be read as an id; choose another, e.g. \"" + suggest(name) + "\"";
        }
        return null;
    }

    /**
     * Turns anything (a repository name, a directory) into a valid workspace name; "workspace" if nothing is left,
     * and a "-1" after a name that would have the shape of an id.
     */
    public static String suggest(String raw) {
        StringBuilder b = new StringBuilder();
        for (char c : raw.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        String s = b.toString();
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH);
        }
        s = s.replaceAll("-+$", "");
        if (Ids.isId(Ids.WORKSPACE, s)) {
            return s + "-1";
        }
        return s.isEmpty() ? "workspace" : s;
    }

    /** The name with control and non-ASCII characters escaped, safe to echo in an error message or a log. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(100).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04x", cp));
            }
        });
        return s.codePointCount(0, s.length()) > 100 ? b + "…" : b.toString();
    }
}
