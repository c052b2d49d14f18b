package nexus.core.api;

import nexus.core.json.WireEnum;

/** Result of a service's health check; {@code none} when the service has no check. */
public enum Health implements WireEnum {
    UNKNOWN,
    HEALTHY,
    UNHEALTHY,
    NONE;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static Health parse(String text) {
        return WireEnum.parse(Health.class, text);
    }
}
