package nexus.core.config;

import java.util.Locale;

/** When a service that exited is started again (with backoff). Default {@code on-failure}. */
public enum RestartPolicy {
    ALWAYS, ON_FAILURE, NEVER;

    /** The spelling in config files: always, on-failure, never. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy for a config spelling (on-failure, on_failure), or null. */
    public static RestartPolicy parse(String text) {
        for (RestartPolicy p : values()) {
            if (p.yamlName().equals(text) || p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        return null;
    }
}
