package nexus.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workspace's {@code .nexus/config.yaml} (v1, DESIGN §5) after parsing and validation, or the equivalent
 * detected for a repository without one. {@code services} keeps declaration order; {@link #startOrder()} gives
 * the {@code depends_on} order. {@code image} is null for the Nexus base image; {@code providerImages} holds
 * per-driver images from {@code providers.<driver>.image}.
 */
public record WorkspaceConfig(
        int version,
        String name,
        String image,
        Map<String, String> providerImages,
        Resources resources,
        Map<String, String> env,
        Lifecycle lifecycle,
        Map<String, ServiceConfig> services,
        ConfigOrigin origin) {

    public static final int CURRENT_VERSION = 1;

    public WorkspaceConfig {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(origin, "origin");
        providerImages = Map.copyOf(providerImages);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** A config with nothing in it: no services, no hooks (a repository Nexus knows nothing about). */
    public static WorkspaceConfig empty(ConfigOrigin origin) {
        return new WorkspaceConfig(CURRENT_VERSION, null, null, Map.of(), Resources.DEFAULTS, Map.of(), Lifecycle.NONE,
                Map.of(), origin);
    }

    /** The image for a driver: {@code providers.<driver>.image}, else {@code image}, else null (the base image). */
    public String imageFor(String driver) {
        return providerImages.getOrDefault(driver, image);
    }

    /** Services in an order where each comes after everything it depends on (validated acyclic). */
    public List<ServiceConfig> startOrder() {
        return ServiceOrder.startOrder(services);
    }
}
