package nexus.core.api;

import nexus.core.json.WireEnum;

/** Creation phases, in order; each is timed into the workspace timeline. */
public enum Phase implements WireEnum {
    SCHEDULED,
    IMAGE,
    CONTAINER,
    NETWORK,
    SSH,
    CLONE,
    SETUP,
    SERVICES,
    READY;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static Phase parse(String text) {
        return WireEnum.parse(Phase.class, text);
    }
}
