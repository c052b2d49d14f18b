package nexus.testkit.github;

import java.time.Instant;
import java.util.Map;

/**
 * A repository of the fake GitHub. {@code parent} is the full name of the repository it was forked from (null
 * when it is not a fork); {@code collaborators} maps logins to GitHub's permission names (admin, maintain, push,
 * triage, pull). The owner always has admin.
 */
public record GitHubRepo(long id, String owner, String name, boolean isPrivate, String parent, String defaultBranch,
                         Map<String, String> collaborators, Instant createdAt) {

    public GitHubRepo {
        collaborators = Map.copyOf(collaborators);
    }

    public String fullName() {
        return owner + "/" + name;
    }

    /** GitHub's permission of {@code login} here: "admin", "maintain", "push", "triage", "pull", or null (no access). */
    public String permissionOf(String login) {
        if (login != null && login.equalsIgnoreCase(owner)) {
            return "admin";
        }
        String p = login == null ? null : collaborators.get(login);
        if (p != null) {
            return p;
        }
        return isPrivate ? null : "pull";
    }
}
