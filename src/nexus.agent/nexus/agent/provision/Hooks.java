package nexus.agent.provision;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.util.ProcessRunner;

/**
 * Runs a lifecycle hook (a shell script from the config) as dev in the clone, appending its output to
 * {@code ~/.nexus/logs/<log>.log} in the workspace (pre_start's goes to setup.log). The script is an argument
 * of a fixed wrapper, never spliced into one.
 */
public final class Hooks {
    private static final String WRAPPER = "log=$1; shift; printf '=== %s nexus: running %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$log\" >>\"$HOME/.nexus/logs/$log.log\"; "
            + "exec bash -c \"$1\" >>\"$HOME/.nexus/logs/$log.log\" 2>&1";

    /** A hook that exited non-zero; {@code logTail} holds the last lines it printed. */
    public static final class HookFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> logTail;

        HookFailedException(String message, List<String> logTail) {
            super(message);
            this.logTail = List.copyOf(logTail);
        }

        public List<String> logTail() {
            return logTail;
        }
    }

    private Hooks() {}

    /** Runs {@code script} (nothing when null or blank); {@code hook} names it (pre_start, post_start, pre_stop). */
    public static void run(Driver driver, String instance, String hook, String script, Map<String, String> env, Duration timeout) {
        if (script == null || script.isBlank()) {
            return;
        }
        String log = hook.equals("pre_start") ? "setup" : hook;
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev("sh", "-c", WRAPPER, "hook", log, script)
                .withEnv(env).in(Cloner.WORKSPACE).withTimeout(timeout));
        if (!r.ok()) {
            ProcessRunner.Result tail = driver.exec(instance, Exec.asDev("tail", "-n", "20", "--", Exec.DEV_HOME + "/.nexus/logs/" + log + ".log"));
            String why = r.exitCode() == 124 ? "did not finish within " + timeout.toMinutes() + " min" : "exited with code " + r.exitCode();
            throw new HookFailedException("lifecycle." + hook + " " + why + "; its output is in ~/.nexus/logs/" + log + ".log in the workspace",
                    tail.ok() ? tail.stdout().lines().toList() : List.of());
        }
    }
}
