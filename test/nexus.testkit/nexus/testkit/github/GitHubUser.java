package nexus.testkit.github;

/**
 * An account of the fake GitHub. {@code id} is GitHub's numeric user id (stable across renames), {@code login}
 * the user name; {@code name} and {@code email} may be null, as on GitHub.
 */
public record GitHubUser(long id, String login, String name, String email) {}
