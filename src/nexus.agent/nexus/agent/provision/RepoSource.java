package nexus.agent.provision;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nexus.core.util.ProcessRunner;

/**
 * Where a workspace's repository comes from, decided on the node:
 * <ul>
 * <li>{@link Remote}: https, http, ssh, git or scp-style {@code git@host:owner/repo.git}; cloned inside the workspace;</li>
 * <li>{@link LocalRepository}: a path (or file:// URL) on the node that is a repository root or a bare repository;
 *     all its refs are handed into the workspace as a bundle and cloned there;</li>
 * <li>{@link LocalDirectory}: a path that is not a repository root (a plain directory, or a sub-directory of a
 *     work tree such as {@code examples/hello-node}); its files are imported as a fresh repository.</li>
 * </ul>
 */
public sealed interface RepoSource {

    record Remote(String url) implements RepoSource {}

    record LocalRepository(Path path) implements RepoSource {}

    /** {@code insideWorkTree}: the directory sits in a git work tree, so ignored files are left out. */
    record LocalDirectory(Path path, boolean insideWorkTree) implements RepoSource {}

    static RepoSource of(String url) {
        if (url == null || url.isBlank()) {
            throw new CloneException("the workspace has no repository URL", "");
        }
        if (url.startsWith("-")) {
            throw new CloneException("repository URL \"" + url + "\" starts with '-'", "");
        }
        Path local = null;
        if (url.startsWith("file://")) {
            local = Path.of(URI.create(url));
        } else if (url.startsWith("/")) {
            local = Path.of(url);
        }
        if (local == null) {
            if (url.matches("(https?|ssh|git)://.+") || url.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+")) {
                return new Remote(url);
            }
            throw new CloneException("\"" + url + "\" is not a repository URL Nexus can clone; use https://…, ssh://…, "
                    + "git@host:owner/repo.git, file://… or an absolute path on the node", "");
        }
        local = local.normalize();
        if (!Files.isDirectory(local)) {
            throw new CloneException(local + " does not exist on the node (or is not a directory)", "");
        }
        ProcessRunner.Result top = git(local, "rev-parse", "--is-bare-repository", "--show-toplevel");
        if (!top.ok()) {
            return new LocalDirectory(local, false);
        }
        String[] lines = top.stdout().strip().split("\n");
        if (lines[0].equals("true")) {
            return new LocalRepository(local);
        }
        try {
            Path root = Path.of(lines[lines.length - 1]).toRealPath();
            if (root.equals(local.toRealPath())) {
                return new LocalRepository(local);
            }
            // In a directory the work tree ignores (a build output, say), git would list nothing: take all files.
            boolean ignored = git(local, "check-ignore", "-q", local.toRealPath().toString()).ok();
            return new LocalDirectory(local, !ignored);
        } catch (java.io.IOException e) {
            throw new CloneException("cannot read " + local + ": " + e.getMessage(), "");
        }
    }

    /**
     * git on the node against a directory the spec named. It may belong to another user (safe.directory) and must
     * not run anything from that repository's config (fsmonitor, hooks are not run by these commands).
     */
    static ProcessRunner.Result git(Path dir, String... args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("git", "-c", "safe.directory=*",
                "-c", "core.fsmonitor=false", "-C", dir.toString()));
        argv.addAll(java.util.List.of(args));
        return ProcessRunner.of(argv).timeout(Duration.ofMinutes(10)).env("GIT_TERMINAL_PROMPT", "0").run();
    }
}
