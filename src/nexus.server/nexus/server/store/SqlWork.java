package nexus.server.store;

import java.sql.SQLException;

/** Work done with a database handle; may throw {@link SQLException}, which {@link Database} wraps. */
@FunctionalInterface
public interface SqlWork<H, T> {
    T apply(H handle) throws SQLException;
}
