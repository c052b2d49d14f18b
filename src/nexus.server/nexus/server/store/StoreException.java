package nexus.server.store;

/**
 * The database failed in a way the caller cannot fix (disk full, corrupt file, locked for too long). The HTTP
 * layer answers it as 500 {@code internal_error}; the message is for the server log, never for the client.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
