package nexus.server.auth;

/**
 * The caller behind a token: only what never changes for a token's life (so it can be cached). {@code userId} is
 * set for user tokens, {@code tokenName} (the node's name) for node tokens; the node a node token registered is
 * looked up where it matters ({@code NodeRegistry.ownNode}).
 */
public record Principal(Scope scope, String tokenId, String userId, String tokenName) {

    /** Who to name in the access log: the user id, "admin", or "node:" and the node's name. */
    public String logId() {
        return switch (scope) {
            case ADMIN -> "admin";
            case USER -> userId;
            case NODE -> "node:" + tokenName;
        };
    }
}
