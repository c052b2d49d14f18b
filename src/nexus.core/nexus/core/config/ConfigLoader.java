package nexus.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nexus.core.detect.ProjectDetector;
import nexus.core.util.RepoFiles;

/**
 * The config of a cloned repository: its {@code .nexus/config.yaml} (or {@code .nexus/config.yml}) when there is
 * one, else what {@link ProjectDetector} recognises, else an empty config. The agent calls this after cloning.
 */
public final class ConfigLoader {
    /** Where a repository keeps its config, in the order they are looked for. */
    public static final List<String> CONFIG_FILES = List.of(".nexus/config.yaml", ".nexus/config.yml");

    private ConfigLoader() {}

    /**
     * Throws {@link ConfigException} when the config file is invalid (every problem listed), is a symbolic link,
     * is too large or is not UTF-8, or when both spellings of its name exist; IOException when it cannot be read.
     */
    public static WorkspaceConfig load(Path repoDir) throws IOException, ConfigException {
        List<String> present = CONFIG_FILES.stream().filter(f -> exists(repoDir, f)).toList();
        if (present.size() > 1) {
            throw ConfigException.of(present.get(1), "both " + String.join(" and ", present)
                    + " exist; keep one (Nexus reads " + present.getFirst() + ")");
        }
        Optional<String> text = Optional.empty();
        if (!present.isEmpty()) {
            try {
                text = RepoFiles.read(repoDir, present.getFirst(), ConfigParser.MAX_BYTES);
            } catch (RepoFiles.UnreadableException e) {
                throw ConfigException.of(present.getFirst(), e.getMessage());
            }
        }
        if (text.isPresent()) {
            return ConfigParser.parse(text.get(), present.getFirst());
        }
        return ProjectDetector.detect(repoDir).orElseGet(() -> WorkspaceConfig.empty(ConfigOrigin.none()));
    }

    /** Present in any form, even as a link (which {@link RepoFiles#read} then refuses with a reason). */
    private static boolean exists(Path repoDir, String file) {
        return Files.exists(repoDir.resolve(file), LinkOption.NOFOLLOW_LINKS);
    }
}
