package nexus.server.http;

/** Who may call a route: nobody needs a token for PUBLIC ones; the others need a token of the named scope. */
public enum Access {
    PUBLIC,
    USER,
    ADMIN,
    NODE,
    USER_OR_ADMIN;

    /** Words for error messages: "a user token". */
    public String describe() {
        return switch (this) {
            case PUBLIC -> "no token";
            case USER -> "a user token";
            case ADMIN -> "an admin token";
            case NODE -> "a node token";
            case USER_OR_ADMIN -> "a user or admin token";
        };
    }
}
