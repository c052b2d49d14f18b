package nexus.core.config;

/**
 * Where a config came from: a file ({@code description} is its path), or detection ({@code description} says
 * what was detected, e.g. "Node.js project (package.json)"), or nothing at all.
 */
public record ConfigOrigin(Kind kind, String description) {
    public enum Kind { FILE, DETECTED, NONE }

    public static ConfigOrigin file(String path) {
        return new ConfigOrigin(Kind.FILE, path);
    }

    public static ConfigOrigin detected(String what) {
        return new ConfigOrigin(Kind.DETECTED, what);
    }

    public static ConfigOrigin none() {
        return new ConfigOrigin(Kind.NONE, "no .nexus/config.yaml and no recognised project");
    }
}
