package nexus.agent.provision;

import java.time.Duration;
import java.time.Instant;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.api.RepoState;
import nexus.core.util.ProcessRunner;

/** Checks the clone for work that exists nowhere else (see repo-state.sh), as dev. */
public final class RepoInspector {
    private RepoInspector() {}

    public static WorkspaceFile helper() {
        return WorkspaceFile.helper(RepoInspector.class, "repo-state");
    }

    /** The clone's state now, or null when it cannot be read (the instance is not running). */
    public static RepoState inspect(Driver driver, String instance) {
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev("/usr/local/lib/nexus/repo-state").withTimeout(Duration.ofSeconds(30)));
        if (!r.ok()) {
            return null;
        }
        String[] w = r.stdout().strip().split("\\s+");
        try {
            return new RepoState(Integer.parseInt(w[0]), Integer.parseInt(w[1]), Instant.now());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
