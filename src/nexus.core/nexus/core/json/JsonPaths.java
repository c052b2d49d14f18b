package nexus.core.json;

/** JSON path notation for error messages: $.a.b, $.a["odd key"], $.a[3]. */
final class JsonPaths {

    private JsonPaths() {}

    /** The path of member {@code key} of {@code parent}, else of element {@code index} (when >= 0), else parent. */
    static String join(String parent, String key, int index) {
        if (key != null) {
            return member(parent, key);
        }
        return index < 0 ? parent : parent + "[" + index + "]";
    }

    static String member(String parent, String key) {
        if (plain(key)) {
            return parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /**
     * {@code [A-Za-z_][A-Za-z0-9_-]*}, checked by hand: the parser builds a path for every member it reads, and a
     * regex match there allocated more than the rest of parsing.
     */
    private static boolean plain(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            boolean ok = i == 0 ? letter : letter || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
