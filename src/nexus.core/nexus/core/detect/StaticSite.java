package nexus.core.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nexus.core.config.HealthCheck;

/** A static site: an {@code index.html} at the top, served with Python's built-in web server on port 8080. */
final class StaticSite {
    static final int PORT = 8080;

    private StaticSite() {}

    static Optional<Detection> detect(Path repoDir) {
        if (!ProjectFiles.isFile(repoDir, "index.html")) {
            return Optional.empty();
        }
        return Optional.of(new Detection("static site (index.html)", List.of(),
                Detection.web("python3 -m http.server " + PORT + " --bind 0.0.0.0", PORT, Map.of(),
                        HealthCheck.http("/"))));
    }
}
