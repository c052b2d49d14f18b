package nexus.agent.driver;

import java.time.Duration;
import java.util.List;
import nexus.core.config.Resources;
import nexus.core.util.ProcessRunner;

/**
 * Creates, starts, stops, destroys, execs in, inspects and lists workspace instances. Every operation is safe to
 * repeat and converges: creating what exists, stopping what is stopped or destroying what is gone does nothing.
 * An instance runs sshd on port 22 of its bridge address; a running instance keeps running when the agent exits.
 */
public interface Driver {

    /** "lxc", "sandbox": what the node advertises and specs ask for. */
    String name();

    /** One line for logs and docs: how well this driver isolates workspaces from the host and each other. */
    String isolation();

    /** Makes the image available (building it on first use); returns quickly when it already is. */
    void prepareImage(String image);

    void create(InstanceSpec spec);

    /** Applies (and persists for later starts) resource limits; takes effect immediately on a running instance. */
    void limit(String name, Resources resources);

    void start(String name);

    /** Stops the instance: its processes get {@code grace} to exit after SIGTERM. Data is kept. */
    void stop(String name, Duration grace);

    /** Removes the instance and everything it stored on the node. */
    void destroy(String name);

    ProcessRunner.Result exec(String name, Exec exec);

    InstanceState state(String name);

    /** The names of the instances this driver holds for this agent (its own state dir only). */
    List<String> list();

    /** For {@link #start}: false when the instance already runs, true when it is stopped; fails when it is absent. */
    default boolean needsStart(String name) {
        InstanceState s = state(name);
        if (s == InstanceState.ABSENT) {
            throw new IllegalStateException(name() + " instance " + name + " does not exist");
        }
        return s == InstanceState.STOPPED;
    }
}
