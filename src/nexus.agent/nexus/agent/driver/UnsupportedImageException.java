package nexus.agent.driver;

/** A workspace asked for an image its driver cannot provide; the message names what it offers. */
public final class UnsupportedImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedImageException(String message) {
        super(message);
    }
}
