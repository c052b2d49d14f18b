package nexus.server.auth;

import nexus.core.json.WireEnum;

/**
 * What a token may do. Each scope has its own visible prefix so a token pasted in the wrong place is
 * recognised at a glance (and by secret scanners): {@code nxa_} admin, {@code nxu_} user, {@code nxn_} node.
 */
public enum Scope implements WireEnum {
    ADMIN("nxa_"),
    USER("nxu_"),
    NODE("nxn_");

    private final String prefix;

    Scope(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
