package nexus.core.api;

import nexus.core.json.WireEnum;

/** What the server wants a workspace to be; agents converge to it. */
public enum DesiredState implements WireEnum {
    RUNNING,
    STOPPED,
    DELETED;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static DesiredState parse(String text) {
        return WireEnum.parse(DesiredState.class, text);
    }
}
