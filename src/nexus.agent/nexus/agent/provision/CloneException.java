package nexus.agent.provision;

/** The repository could not be cloned; {@link #output()} is the tail of what git said (secrets removed). */
public final class CloneException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String output;

    public CloneException(String message, String output) {
        super(message);
        this.output = output;
    }

    public String output() {
        return output;
    }
}
