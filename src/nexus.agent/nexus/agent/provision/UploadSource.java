package nexus.agent.provision;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the agent gets a user's uploaded checkout (a git bundle the CLI sent to the server, docs/api.md Uploads)
 * when a workspace is made from one: the server, in parts.
 */
@FunctionalInterface
public interface UploadSource {
    /** Writes upload {@code uploadId} to {@code into}; the message of a failure says why, for the user. */
    void fetch(String uploadId, Path into) throws IOException;

    /** For a node without a server (tests that drive the reconciler directly): every fetch fails, saying so. */
    UploadSource NONE = (id, into) -> {
        throw new IOException("this node has no server to fetch upload " + id + " from");
    };
}
