package nexus.core.api;

import nexus.core.json.WireEnum;

/** Observed state of a workspace (DESIGN §4). {@code deleted} is only reported by agents, never shown. */
public enum WorkspaceState implements WireEnum {
    PENDING,
    CREATING,
    RUNNING,
    STOPPING,
    STOPPED,
    STARTING,
    DELETING,
    DELETED,
    ERROR,
    UNKNOWN;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static WorkspaceState parse(String text) {
        return WireEnum.parse(WorkspaceState.class, text);
    }
}
