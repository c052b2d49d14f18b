package nexus.cli.command;

/** What an argument or option value is, so shell completion can offer the right candidates. */
public enum ValueKind {
    NONE,
    TEXT,
    WORKSPACE,
    PATH,
    DIRECTORY,
    REPO,
    URL
}
