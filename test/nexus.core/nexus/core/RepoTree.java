package nexus.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small repository trees for tests: files at relative paths, parents created as needed. */
public final class RepoTree {
    private RepoTree() {}

    public static Path write(Path root, String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }
}
