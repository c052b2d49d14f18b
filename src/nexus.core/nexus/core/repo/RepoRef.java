package nexus.core.repo;

import java.nio.file.Path;
import nexus.core.api.Repository;
import nexus.core.id.Names;

/**
 * A repository as the user named it, parsed and checked (DESIGN §8) so that nothing in it can reach git or gh as
 * an option or an exotic transport. {@code kind} says where it lives; {@code host} is the git host (null for a
 * local repository); {@code owner} is the GitHub owner, or the group path on other hosts ("group/sub"), null
 * when there is none; {@code name} is the repository (or directory) name without ".git"; {@code cloneUrl} is
 * what to give {@code git clone} (after {@code --}); {@code localPath} is set for local repositories only.
 *
 * <p>GitHub repositories are always cloned over https, whichever form named them: the node that clones has no
 * access to the user's SSH keys, and https takes a token for private repositories.
 */
public record RepoRef(Kind kind, String host, String owner, String name, String cloneUrl, Path localPath) {
    public enum Kind { GITHUB, REMOTE, LOCAL }

    public static final String GITHUB_HOST = "github.com";

    /** A reference that must be complete by itself: anything but a relative path (the server, the agent). */
    public static RepoRef parse(String input) {
        return RepoRefParser.parse(input, null);
    }

    /** A reference typed by a user: relative paths resolve against {@code baseDir} (the CLI's working directory). */
    public static RepoRef parse(String input, Path baseDir) {
        return RepoRefParser.parse(input, baseDir);
    }

    static RepoRef github(String owner, String name) {
        return new RepoRef(Kind.GITHUB, GITHUB_HOST, owner, name,
                "https://" + GITHUB_HOST + "/" + owner + "/" + name + ".git", null);
    }

    /** "github.com/octo/shop", "gitlab.com/group/sub/app", "/home/me/app": for messages and listings. */
    public String display() {
        if (kind == Kind.LOCAL) {
            return localPath.toString();
        }
        return host + "/" + (owner == null ? "" : owner + "/") + name;
    }

    /** A valid workspace name derived from the repository name ("My.App" → "my-app"). */
    public String suggestedWorkspaceName() {
        return Names.suggest(name);
    }

    /** The API form of this repository, for a create request; {@code branch} null for the default branch. */
    public Repository toRepository(String branch) {
        return new Repository(cloneUrl, owner, name, branch);
    }
}
