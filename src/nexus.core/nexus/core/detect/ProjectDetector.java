package nexus.core.detect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import nexus.core.config.ConfigOrigin;
import nexus.core.config.Lifecycle;
import nexus.core.config.Resources;
import nexus.core.config.WorkspaceConfig;

/**
 * Recognises a repository without {@code .nexus/config.yaml} (DESIGN §5) and proposes a config for it: Node.js
 * ({@code package.json}), Python ({@code pyproject.toml} / {@code requirements.txt}, with Django and Flask), or a
 * static site ({@code index.html}).
 *
 * <p>When several match, the first of Node.js, Python, static site that has something to <em>run</em> wins (a
 * Django app with a package.json for asset tooling but no start script is a Django project); when none has, the
 * first that matched at all gives a config that only installs dependencies.
 *
 * <p>Detection only reads files, never runs anything from the repository; each file is size-capped, links are
 * not followed, and a file that cannot be read counts as absent.
 */
public final class ProjectDetector {
    private ProjectDetector() {}

    public static Optional<WorkspaceConfig> detect(Path repoDir) {
        List<Detection> found = Stream.of(NodeProject.detect(repoDir), PythonProject.detect(repoDir),
                StaticSite.detect(repoDir)).flatMap(Optional::stream).toList();
        return found.stream().filter(d -> d.service() != null).findFirst()
                .or(() -> found.stream().findFirst())
                .map(ProjectDetector::toConfig);
    }

    private static WorkspaceConfig toConfig(Detection d) {
        Map<String, nexus.core.config.ServiceConfig> services = new LinkedHashMap<>();
        if (d.service() != null) {
            services.put(d.service().name(), d.service());
        }
        String preStart = d.setup().isEmpty() ? null : String.join("\n", d.setup());
        return new WorkspaceConfig(WorkspaceConfig.CURRENT_VERSION, null, null, Map.of(), Resources.DEFAULTS, Map.of(),
                new Lifecycle(preStart, null, null), services, ConfigOrigin.detected(d.description()));
    }
}
