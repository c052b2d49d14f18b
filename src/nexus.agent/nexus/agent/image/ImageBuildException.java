package nexus.agent.image;

import java.util.List;

/** The base image could not be built; {@link #outputTail()} holds the last lines debootstrap or apt printed. */
public final class ImageBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> outputTail;

    public ImageBuildException(String message, List<String> outputTail) {
        super("building the base image: " + message);
        this.outputTail = List.copyOf(outputTail);
    }

    public List<String> outputTail() {
        return outputTail;
    }
}
