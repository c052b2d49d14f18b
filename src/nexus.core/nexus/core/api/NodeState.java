package nexus.core.api;

import nexus.core.json.WireEnum;

/** A node is online while it heartbeats within the node timeout. */
public enum NodeState implements WireEnum {
    ONLINE,
    OFFLINE;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static NodeState parse(String text) {
        return WireEnum.parse(NodeState.class, text);
    }
}
