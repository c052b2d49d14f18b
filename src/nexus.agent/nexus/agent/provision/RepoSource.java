package nexus.agent.provision;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

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

    /**
     * What {@code url} names. A path is only read when {@code hostPaths} allows it: its real path (links
     * resolved) must lie in an allowed directory, and so must the git directory and object stores of a
     * repository found there, since git would read those too.
     */
    static RepoSource of(String url, HostPathPolicy hostPaths) {
        if (url == null || url.isBlank()) {
            throw new CloneException("the workspace has no repository URL", "");
        }
        if (url.startsWith("-")) {
            throw new CloneException("repository URL \"" + url + "\" starts with '-'", "");
        }
        Path named = null;
        if (url.startsWith("file://")) {
            named = Path.of(URI.create(url));
        } else if (url.startsWith("/")) {
            named = Path.of(url);
        }
        if (named == null) {
            if (url.matches("(https?|ssh|git)://.+") || url.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+")) {
                return new Remote(url);
            }
            throw new CloneException("\"" + url + "\" is not a repository URL Nexus can clone; use https://…, ssh://…, "
                    + "git@host:owner/repo.git, file://… or an absolute path on the node", "");
        }
        Path local;
        try {
            local = hostPaths.realPath(named.normalize());
        } catch (HostPathPolicy.Refused e) {
            throw new CloneException(e.getMessage(), "");
        }
        ProcessRunner.Result top = git(local, "rev-parse", "--is-bare-repository", "--show-toplevel");
        if (!top.ok()) {
            return new LocalDirectory(local, false);
        }
        String[] lines = top.stdout().strip().split("\n");
        if (lines[0].equals("true")) {
            checkGitStores(local, hostPaths);
            return new LocalRepository(local);
        }
        try {
            Path root = Path.of(lines[lines.length - 1]).toRealPath();
            if (root.equals(local)) {
                checkGitStores(local, hostPaths);
                return new LocalRepository(local);
            }
            // In a directory the work tree ignores (a build output, say), git would list nothing: take all files.
            boolean ignored = git(local, "check-ignore", "-q", local.toString()).ok();
            return new LocalDirectory(local, !ignored);
        } catch (java.io.IOException e) {
            throw new CloneException("cannot read " + local + ": " + e.getMessage(), "");
        }
    }

    /**
     * A repository's git directory can be elsewhere (a {@code .git} file, {@code git worktree}) and its objects
     * can come from other repositories ({@code objects/info/alternates}); bundling it reads all of them, so all
     * must be allowed.
     */
    private static void checkGitStores(Path repo, HostPathPolicy hostPaths) {
        ProcessRunner.Result dirs = git(repo, "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir");
        if (!dirs.ok()) {
            throw new CloneException("cannot read the repository at " + repo, Text.lastLines(dirs.stderr(), 5));
        }
        List<Path> stores = new ArrayList<>();
        for (String line : dirs.stdout().strip().split("\n")) {
            stores.add(Path.of(line));
        }
        Path alternates = stores.getLast().resolve("objects/info/alternates");
        try {
            if (Files.isRegularFile(alternates)) {
                for (String line : Files.readAllLines(alternates)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        stores.add(alternates.getParent().getParent().resolve(line.strip()));
                    }
                }
            }
            for (Path store : stores) {
                hostPaths.checkInside(repo, store.toRealPath());
            }
        } catch (HostPathPolicy.Refused e) {
            throw new CloneException(e.getMessage(), "");
        } catch (java.io.IOException e) {
            throw new CloneException("cannot read the repository at " + repo + ": " + e.getMessage(), "");
        }
    }

    /**
     * git on the node against a directory the spec named. It may belong to another user (safe.directory) and must
     * not run anything from that repository's config (fsmonitor, hooks are not run by these commands).
     */
    static ProcessRunner.Result git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "safe.directory=*",
                "-c", "core.fsmonitor=false", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return ProcessRunner.of(argv).timeout(Duration.ofMinutes(10)).env("GIT_TERMINAL_PROMPT", "0").run();
    }
}
