package nexus.server.store;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * A write transaction in progress: its connection, plus actions to run once it has committed (waking
 * long-polls must wait until the change is visible to readers).
 */
public final class Tx {
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Tx(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs {@code action} after a successful commit; dropped on rollback. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }
}
