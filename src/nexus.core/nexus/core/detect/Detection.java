package nexus.core.detect;

import java.util.List;
import java.util.Map;
import nexus.core.config.HealthCheck;
import nexus.core.config.RestartPolicy;
import nexus.core.config.ServiceConfig;

/**
 * What one kind of project detector found: a description for the config's origin ("Node.js project
 * (package.json)"), the setup commands for {@code lifecycle.pre_start}, and the service to run (null when the
 * project has nothing recognisable to run).
 */
record Detection(String description, List<String> setup, ServiceConfig service) {
    Detection {
        setup = List.copyOf(setup);
    }

    /** The one service a detected project gets, named "web". */
    static ServiceConfig web(String command, int port, Map<String, String> env, HealthCheck check) {
        return new ServiceConfig("web", command, port, List.of(), env, check, RestartPolicy.ON_FAILURE, null);
    }
}
