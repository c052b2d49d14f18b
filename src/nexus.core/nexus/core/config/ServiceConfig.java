package nexus.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service: a shell {@code command} run as {@code dev} in {@code /home/dev/workspace} (or {@code workdir},
 * relative to it), listening on {@code port} (null for a service without one). It starts after everything in
 * {@code dependsOn} is healthy and gets {@code env} on top of the workspace env, plus {@code PORT} and
 * {@code NEXUS_SERVICE_<NAME>_URL} for every service.
 */
public record ServiceConfig(
        String name,
        String command,
        Integer port,
        List<String> dependsOn,
        Map<String, String> env,
        HealthCheck healthCheck,
        RestartPolicy restart,
        String workdir) {

    public ServiceConfig {
        dependsOn = List.copyOf(dependsOn);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The variable name under which every service learns this service's URL: NEXUS_SERVICE_API_URL for "api". */
    public String urlVariable() {
        return "NEXUS_SERVICE_" + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_URL";
    }
}
