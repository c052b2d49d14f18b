package nexus.core.json;

import java.util.regex.Pattern;

/** JSON path notation for error messages: $.a.b, $.a["odd key"], $.a[3]. */
final class JsonPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private JsonPaths() {}

    static String member(String parent, String key) {
        if (PLAIN.matcher(key).matches()) {
            return parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
}
