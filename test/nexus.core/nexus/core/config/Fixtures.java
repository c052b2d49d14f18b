package nexus.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The config files under fixtures/, written for these tests after real Node, Python and static projects. */
final class Fixtures {
    /** Every fixture that is a valid config. */
    static final List<String> VALID = List.of("design-example.yaml", "node-express-postgres.yaml",
            "node-vite-react.yaml", "node-nextjs.yaml", "python-django-celery.yaml", "python-flask.yaml",
            "python-fastapi.yaml", "static-site.yaml", "seed-spellings.yaml", "anchors-and-merges.yaml",
            "compose-style-env.yaml", "minimal.yaml", "monorepo.yaml", "empty.yaml");

    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkspaceConfig parse(String name) throws ConfigException {
        return ConfigParser.parse(text(name), name);
    }

    /** The config with its origin replaced, to compare configs read from different places. */
    static WorkspaceConfig withoutOrigin(WorkspaceConfig c) {
        return new WorkspaceConfig(c.version(), c.name(), c.image(), c.providerImages(), c.resources(), c.env(),
                c.lifecycle(), c.services(), ConfigOrigin.none());
    }
}
