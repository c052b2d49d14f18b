package nexus.server.workspace;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials for cloning private repositories, by workspace id, held in memory only — never in the database,
 * never in a log — and handed to the agent in the workspace spec until the workspace is past its clone phase.
 * A server restart forgets them: a workspace that had not cloned yet then fails its clone with a message saying
 * to create it again.
 */
public final class CloneTokens {
    private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();

    public void put(String workspaceId, String token) {
        tokens.put(workspaceId, token);
    }

    /** The token for a spec, or null. */
    public String get(String workspaceId) {
        return tokens.get(workspaceId);
    }

    public void forget(String workspaceId) {
        tokens.remove(workspaceId);
    }
}
