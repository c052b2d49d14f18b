package nexus.core.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import nexus.core.util.RepoFiles;

/** Reading for detection: capped, no links followed, and a file that cannot be read counts as absent. */
final class ProjectFiles {
    /** Manifests are small; anything bigger is not one a detector should parse. */
    static final int MAX_BYTES = 1 << 20;

    private ProjectFiles() {}

    static Optional<String> text(Path repoDir, String relative) {
        try {
            return RepoFiles.read(repoDir, relative, MAX_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isFile(Path repoDir, String relative) {
        return RepoFiles.isFile(repoDir, relative);
    }

    static boolean isDirectory(Path repoDir, String relative) {
        return RepoFiles.isDirectory(repoDir, relative);
    }
}
