package nexus.core.config;

/** Resource limits; a null member means "the driver's default" (no limit). Sizes are in bytes. */
public record Resources(Integer cpu, Long memoryBytes, Long diskBytes) {
    public static final Resources DEFAULTS = new Resources(null, null, null);
}
