package nexus.core.repo;

/** A repository reference that Nexus does not accept; the message says what is wrong and shows accepted forms. */
public final class RepoRefException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RepoRefException(String message) {
        super(message);
    }
}
