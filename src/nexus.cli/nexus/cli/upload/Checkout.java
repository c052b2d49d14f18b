package nexus.cli.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.Programs;
import nexus.core.repo.RepoRef;
import nexus.core.repo.RepoRefException;
import nexus.core.util.ProcessRunner;

/**
 * A directory on this computer as {@code nexus up ./dir} sees it before uploading it (docs/cli.md, "Local
 * directories"):
 * <ul>
 * <li>{@link Kind#REPOSITORY}: the top of a git work tree with at least one commit. Its branches and tags go up,
 *     the branch checked out here is checked out there, and its uncommitted changes ({@code changed}: modified,
 *     deleted and untracked files that .gitignore does not exclude) follow unless left out;</li>
 * <li>{@link Kind#IMPORT}: any other directory (a sub-directory of a work tree such as examples/hello-node, a
 *     repository without commits, or no repository at all): its files become a new repository with one commit —
 *     in a work tree its tracked and untracked-but-not-ignored files, elsewhere (or in a directory its work tree
 *     ignores) all files its own .gitignore files do not exclude.</li>
 * </ul>
 * {@code upstream} is the URL the checked-out branch pushes to, when it is one a workspace can reach (https, ssh);
 * the workspace's origin points there.
 */
public record Checkout(Path dir, Kind kind, Path workTree, String branch, String upstream, List<String> changed) {
    public enum Kind { REPOSITORY, IMPORT }

    public Checkout {
        changed = List.copyOf(changed);
    }

    /** Looks at {@code dir} with git. */
    public static Checkout inspect(Programs programs, Path dir) {
        if (!programs.installed("git")) {
            throw new CliException(ExitCode.ERROR, "git_missing", "git is not installed, and Nexus uses it to upload " + dir,
                    "install git (sudo apt-get install git, brew install git), or name a repository by URL");
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new CliException(ExitCode.NOT_FOUND, "repo_not_found", "there is no directory " + dir,
                    "check the path, or name a repository as owner/repo or a git URL");
        }
        ProcessRunner.Result top = git(programs, real, "rev-parse", "--show-toplevel");
        if (!top.ok()) {
            return new Checkout(real, Kind.IMPORT, null, null, null, List.of());
        }
        Path workTree = Path.of(top.stdout().strip());
        boolean atTop = sameFile(workTree, real);
        boolean hasCommits = git(programs, real, "rev-parse", "-q", "--verify", "HEAD^{commit}").ok();
        if (!atTop || !hasCommits) {
            // in a directory its work tree ignores (a build output, say) git would list nothing: take it as a plain one
            boolean ignored = !atTop && git(programs, real, "check-ignore", "-q", real.toString()).ok();
            return new Checkout(real, Kind.IMPORT, ignored ? null : workTree, null, null, List.of());
        }
        ProcessRunner.Result head = git(programs, real, "symbolic-ref", "-q", "--short", "HEAD");
        String branch = head.ok() ? head.stdout().strip() : null;
        return new Checkout(real, Kind.REPOSITORY, workTree, branch, upstream(programs, real, branch), changed(programs, real));
    }

    /** The files with uncommitted changes, as {@code git status} names them. */
    private static List<String> changed(Programs programs, Path dir) {
        ProcessRunner.Result r = git(programs, dir, "status", "--porcelain=v1", "-z", "--untracked-files=all");
        List<String> out = new ArrayList<>();
        if (!r.ok()) {
            return out;
        }
        String[] entries = r.stdout().split("\0");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i];
            if (e.length() > 3) {
                out.add(e.substring(3));
                if (e.charAt(0) == 'R' || e.charAt(0) == 'C') {
                    i++; // a rename or copy is followed by its source
                }
            }
        }
        return out;
    }

    /** The URL the branch pushes to (its remote, else origin), if a workspace can clone from it. */
    private static String upstream(Programs programs, Path dir, String branch) {
        String remote = "origin";
        if (branch != null) {
            ProcessRunner.Result r = git(programs, dir, "config", "--get", "branch." + branch + ".remote");
            if (r.ok() && !r.stdout().isBlank() && !r.stdout().strip().equals(".")) {
                remote = r.stdout().strip();
            }
        }
        ProcessRunner.Result url = git(programs, dir, "remote", "get-url", "--", remote);
        if (!url.ok()) {
            return null;
        }
        try {
            RepoRef ref = RepoRef.parse(url.stdout().strip());
            return ref.kind() == RepoRef.Kind.LOCAL ? null : ref.cloneUrl();
        } catch (RepoRefException e) {
            return null;
        }
    }

    private static ProcessRunner.Result git(Programs programs, Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return programs.runner(argv).env("GIT_TERMINAL_PROMPT", "0").run();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
