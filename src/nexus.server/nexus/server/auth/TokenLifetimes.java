package nexus.server.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the tokens the server mints live ({@code serve --user-token-ttl / --node-token-ttl}); null: for ever.
 * The expiry is fixed when a token is minted, so changing a lifetime changes new tokens only.
 *
 * <p>Users: 90 days by default. A lost laptop's token stops working within a quarter, while a GitHub user never
 * has to act (the CLI registers again on its own when the server answers that the token expired) and an invited
 * user asks the admin for a new invite about four times a year. Nodes: no expiry unless configured, since an
 * expired node token stops a node's agent (and so its users' workspaces' convergence) until an admin acts.
 */
public record TokenLifetimes(Duration user, Duration node) {
    public static final Duration DEFAULT_USER = Duration.ofDays(90);

    public TokenLifetimes {
        for (Duration d : new Duration[] {user, node}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("a token lifetime must be positive, got " + d);
            }
        }
    }

    public static TokenLifetimes defaults() {
        return new TokenLifetimes(DEFAULT_USER, null);
    }

    /** When a user token minted at {@code now} expires; null: never. */
    public Instant userExpiry(Instant now) {
        return user == null ? null : now.plus(user);
    }

    /** When a node token minted at {@code now} expires; null: never. */
    public Instant nodeExpiry(Instant now) {
        return node == null ? null : now.plus(node);
    }
}
