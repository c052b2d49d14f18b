package nexus.testkit.github;

import java.time.Instant;

/** An SSH key on a fake GitHub account: {@code key} is "type base64" (GitHub drops the comment). */
public record GitHubSshKey(long id, String login, String title, String key, Instant createdAt) {}
