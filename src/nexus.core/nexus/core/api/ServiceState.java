package nexus.core.api;

import nexus.core.json.WireEnum;

/** Lifecycle of one service inside a workspace. */
public enum ServiceState implements WireEnum {
    WAITING,
    STARTING,
    RUNNING,
    STOPPED,
    FAILED;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static ServiceState parse(String text) {
        return WireEnum.parse(ServiceState.class, text);
    }
}
