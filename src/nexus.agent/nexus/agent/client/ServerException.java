package nexus.agent.client;

/**
 * The server answered with an error ({@link #status} 4xx/5xx, {@link #code} from its error body), or could not be
 * reached ({@link #status} 0).
 */
public final class ServerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ServerException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Worth retrying unchanged: the server was unreachable or failed (5xx), not a refusal of the request. */
    public boolean retryable() {
        return status == 0 || status >= 500;
    }
}
