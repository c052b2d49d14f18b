package nexus.server.auth;

/**
 * The caller behind a token. {@code userId}/{@code username} are set for user tokens; {@code tokenName} for
 * node tokens (the node's name), and {@code nodeId} once that token has registered a node.
 */
public record Principal(Scope scope, String tokenId, String userId, String username, String tokenName, String nodeId) {

    /** The id written to the access log: the user or node id, "admin", or the token id of an unregistered node. */
    public String logId() {
        return switch (scope) {
            case ADMIN -> "admin";
            case USER -> userId;
            case NODE -> nodeId != null ? nodeId : tokenId;
        };
    }
}
