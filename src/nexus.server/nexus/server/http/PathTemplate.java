package nexus.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route path such as {@code /workspaces/{ws}/stop}: literal segments and named parameters, each parameter
 * matching exactly one (already percent-decoded) segment.
 */
public final class PathTemplate {
    private final String text;
    private final List<String> segments;
    private final List<String> parameters = new ArrayList<>();
    private final int literals;

    public PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + text);
        }
        this.text = text;
        this.segments = List.of(text.substring(1).split("/"));
        int n = 0;
        for (String s : segments) {
            if (isParameter(s)) {
                parameters.add(s.substring(1, s.length() - 1));
            } else {
                n++;
            }
        }
        this.literals = n;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    public String text() {
        return text;
    }

    public List<String> parameters() {
        return List.copyOf(parameters);
    }

    /** How many literal segments; the more, the more specific ({@code /workspaces/create} beats {@code /workspaces/{ws}}). */
    public int literals() {
        return literals;
    }

    /** The parameter values when {@code path} (decoded segments) matches, else null. */
    public Map<String, String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (isParameter(s)) {
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(s.substring(1, s.length() - 1), path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return values == null ? Map.of() : values;
    }

    @Override
    public String toString() {
        return text;
    }
}
