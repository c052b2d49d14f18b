package nexus.agent.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.agent.provision.Cloner;
import nexus.agent.provision.WorkspaceFile;
import nexus.core.api.Health;
import nexus.core.api.Phase;
import nexus.core.api.ServiceState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.WorkspaceError;
import nexus.core.config.HealthCheck;
import nexus.core.config.RestartPolicy;
import nexus.core.config.ServiceConfig;
import nexus.core.config.WorkspaceConfig;
import nexus.core.json.JsonObject;
import nexus.core.util.Durations;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Supervises one workspace's services from the host. Services run detached inside the workspace under the
 * {@code service-run} launcher, which records pids and exit codes in {@code /home/dev/.nexus/run}; each
 * {@link #tick} reads them with one exec, probes health, and restarts what exited according to its policy with
 * exponential backoff. Nothing here holds a process handle, so a new agent picks running services up again
 * ({@link #tick} treats whatever runs as adopted) without restarting them.
 *
 * <p>Not thread-safe: the workspace's worker thread is its only caller.
 */
public final class Supervisor {
    public static final String LAUNCHER = "/usr/local/lib/nexus/service-run";
    public static final String LOG_DIR = "/home/dev/.nexus/logs";
    static final int LOG_TAIL_LINES = 20;
    private static final int MAX_QUICK_FAILURES = 5;
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STEADY_PROBE = Duration.ofSeconds(5);
    private static final Duration FAST_PROBE = Duration.ofMillis(50);
    private static final Duration STATUS_WHILE_STARTING = Duration.ofMillis(250);
    private static final int UNHEALTHY_AFTER = 3;

    /** The helper files every workspace needs for supervision. */
    public static List<WorkspaceFile> helpers() {
        return List.of(WorkspaceFile.helper(Supervisor.class, "service-run"), WorkspaceFile.helper(Supervisor.class, "probe"));
    }

    private enum Stage { WAITING, BACKOFF, STARTING, RUNNING, EXITED, FAILED }

    private static final class Tracked {
        final ServiceConfig config;
        final Integer mappedPort;
        Stage stage = Stage.WAITING;
        Health health = Health.UNKNOWN;
        String message;
        Instant lastCheck;
        long pid = -1;
        Instant launchedAt;
        Instant healthySince;
        Instant nextRestart;
        Instant nextProbe = Instant.MIN;
        int restarts;
        int quickFailures;
        int failedProbes;
        boolean timedOut;

        Tracked(ServiceConfig config, Integer mappedPort) {
            this.config = config;
            this.mappedPort = mappedPort;
        }
    }

    private record Line(long pid, boolean running, Integer exitCode) {}

    private final Driver driver;
    private final String instance;
    private final WorkspaceConfig config;
    private final HealthProbe probe;
    private final Map<String, Tracked> services = new LinkedHashMap<>();

    /**
     * @param mappedPorts node port per service name (services without one are reached through SSH forwards only)
     */
    public Supervisor(Driver driver, String instance, String address, WorkspaceConfig config, Map<String, Integer> mappedPorts) {
        this.driver = driver;
        this.instance = instance;
        this.config = config;
        this.probe = new HealthProbe(driver, instance, address);
        for (ServiceConfig s : config.startOrder()) {
            services.put(s.name(), new Tracked(s, mappedPorts.get(s.name())));
        }
    }

    public boolean isEmpty() {
        return services.isEmpty();
    }

    /**
     * Brings every service up in dependency order (adopting those already running) and waits until all are
     * healthy, or one fails or misses its health-check timeout; then the problem is returned.
     */
    public Optional<WorkspaceError> startAll(BooleanSupplier cancelled) {
        for (Tracked t : services.values()) {
            if (t.stage == Stage.EXITED || t.stage == Stage.FAILED) {
                t.stage = Stage.WAITING;
                t.quickFailures = 0;
                t.timedOut = false;
            }
        }
        Instant lastStatus = Instant.MIN;
        while (!cancelled.getAsBoolean()) {
            Instant now = Instant.now();
            // Probing from the host is cheap, so it runs often; reading exits takes an exec, so less often.
            boolean readStatus = Duration.between(lastStatus, now).compareTo(STATUS_WHILE_STARTING) >= 0;
            step(now, readStatus);
            if (readStatus) {
                lastStatus = now;
            }
            Optional<WorkspaceError> problem = problem(Phase.SERVICES);
            boolean settled = services.values().stream().allMatch(t -> t.stage == Stage.RUNNING || t.stage == Stage.EXITED);
            if (settled || problem.isPresent()) {
                return problem;
            }
            sleep(FAST_PROBE);
        }
        return Optional.empty();
    }

    /** Reads service states, probes what is due, launches what may start and restarts what exited. */
    public void tick(Instant now) {
        step(now, true);
    }

    /** A tick; without {@code readStatus} exits go unnoticed until the next tick that reads them. */
    private void step(Instant now, boolean readStatus) {
        Map<String, Line> lines = readStatus ? status() : null;
        for (Tracked t : services.values()) {
            switch (t.stage) {
                case WAITING -> {
                    Line line = lines == null ? null : lines.get(t.config.name());
                    if (line != null && line.running()) {
                        adopt(t, line, now);
                    } else if (dependenciesHealthy(t)) {
                        launch(t, now);
                    } else {
                        t.message = "waiting for " + String.join(", ", unhealthyDependencies(t));
                    }
                }
                case BACKOFF -> {
                    if (!now.isBefore(t.nextRestart)) {
                        t.restarts++;
                        launch(t, now);
                    }
                }
                case STARTING, RUNNING -> {
                    Line line = lines == null ? null : lines.get(t.config.name());
                    if (lines != null && (line == null || !line.running())) {
                        exited(t, line == null ? null : line.exitCode(), now);
                    } else if (!now.isBefore(t.nextProbe)) {
                        check(t, now);
                    }
                }
                case EXITED, FAILED -> { }
            }
        }
    }

    /** True while something is starting or waiting to restart (the worker then ticks faster). */
    public boolean busy() {
        return services.values().stream().anyMatch(t -> t.stage == Stage.STARTING || t.stage == Stage.BACKOFF || t.stage == Stage.WAITING);
    }

    /** Stops every service, dependents first, each getting {@code grace} after SIGTERM. */
    public void stopAll(Duration grace) {
        List<Tracked> reverse = new ArrayList<>(services.values());
        java.util.Collections.reverse(reverse);
        for (Tracked t : reverse) {
            driver.exec(instance, Exec.asDev(LAUNCHER, "stop", t.config.name(), Long.toString(Math.max(1, grace.toSeconds())))
                    .withTimeout(grace.plusSeconds(10)));
            t.stage = Stage.EXITED;
            t.health = Health.UNKNOWN;
            t.message = "stopped";
            t.pid = -1;
        }
    }

    public Map<String, ServiceStatus> statuses() {
        Map<String, ServiceStatus> out = new LinkedHashMap<>();
        for (Tracked t : services.values()) {
            Integer port = t.config.port();
            out.put(t.config.name(), new ServiceStatus(state(t), t.config.healthCheck().type() == HealthCheck.Type.NONE && t.stage == Stage.RUNNING
                    ? Health.NONE : t.health, port, t.mappedPort, t.mappedPort == null ? null : "http://localhost:" + t.mappedPort,
                    t.lastCheck, t.restarts, t.message));
        }
        return out;
    }

    /** Service pids by name, for the services running now. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.values().stream().filter(t -> t.pid > 0 && (t.stage == Stage.STARTING || t.stage == Stage.RUNNING))
                .forEach(t -> pids.put(t.config.name(), t.pid));
        return pids;
    }

    /** The first failed or unhealthy service, in start order, as the workspace's error. */
    public Optional<WorkspaceError> problem(Phase phase) {
        for (Tracked t : services.values()) {
            String code = t.stage == Stage.FAILED ? "service_failed"
                    : t.health == Health.UNHEALTHY && (t.stage == Stage.RUNNING || t.timedOut) ? "service_unhealthy" : null;
            if (code != null) {
                String what = code.equals("service_failed") ? "failed" : "is unhealthy";
                return Optional.of(new WorkspaceError(code, "service " + t.config.name() + " " + what + ": " + t.message
                        + ". Its log is " + LOG_DIR + "/" + t.config.name() + ".log in the workspace (nexus workspace logs --service "
                        + t.config.name() + ")", phase, JsonObject.builder()
                        .put("service", t.config.name())
                        .put("reason", t.message)
                        .putStrings("log_tail", logTail(t.config.name()))
                        .build()));
            }
        }
        return Optional.empty();
    }

    private void adopt(Tracked t, Line line, Instant now) {
        t.pid = line.pid();
        t.stage = Stage.STARTING;
        t.launchedAt = now;
        t.message = "adopted running process " + line.pid();
        t.nextProbe = now;
    }

    private void launch(Tracked t, Instant now) {
        String dir = t.config.workdir() == null ? Cloner.WORKSPACE : Cloner.WORKSPACE + "/" + t.config.workdir();
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev(LAUNCHER, "start", t.config.name(), dir, t.config.command())
                .withEnv(environment(t.config)).withTimeout(Duration.ofSeconds(20)));
        t.launchedAt = now;
        t.nextProbe = now;
        t.timedOut = false;
        t.failedProbes = 0;
        t.health = Health.UNKNOWN;
        if (!r.ok()) {
            t.stage = Stage.FAILED;
            t.message = "could not be started: " + Text.lastLines(r.stderr(), 2);
            return;
        }
        t.pid = Long.parseLong(r.stdout().strip());
        t.stage = Stage.STARTING;
        t.message = "starting";
    }

    private void exited(Tracked t, Integer code, Instant now) {
        t.pid = -1;
        t.health = Health.UNKNOWN;
        String how = code == null ? "ended (exit code unknown)" : "exited with code " + code;
        RestartPolicy policy = t.config.restart() == null ? RestartPolicy.ON_FAILURE : t.config.restart();
        if (t.healthySince != null && Duration.between(t.healthySince, now).compareTo(STABLE_AFTER) >= 0) {
            t.quickFailures = 0;
        }
        t.healthySince = null;
        if (code != null && code == 0 && policy != RestartPolicy.ALWAYS) {
            t.stage = Stage.EXITED;
            t.message = how;
            return;
        }
        if (policy == RestartPolicy.NEVER) {
            t.stage = Stage.FAILED;
            t.message = how + " (restart: never)";
            return;
        }
        t.quickFailures++;
        if (t.quickFailures > MAX_QUICK_FAILURES) {
            t.stage = Stage.FAILED;
            t.message = how + "; it failed " + MAX_QUICK_FAILURES + " times in a row, so it is not restarted again";
            return;
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(t.quickFailures - 1, 5));
        backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        t.stage = Stage.BACKOFF;
        t.nextRestart = now.plus(backoff);
        t.message = how + "; restarting in " + Durations.format(backoff);
    }

    private void check(Tracked t, Instant now) {
        HealthCheck hc = t.config.healthCheck() == null ? HealthCheck.NONE : t.config.healthCheck();
        String dir = t.config.workdir() == null ? Cloner.WORKSPACE : Cloner.WORKSPACE + "/" + t.config.workdir();
        HealthProbe.Result r = probe.probe(hc, t.config.port(), environment(t.config), dir);
        t.lastCheck = now;
        Duration interval = hc.interval() == null ? HealthCheck.DEFAULT_INTERVAL : hc.interval();
        if (r.healthy()) {
            if (t.stage == Stage.STARTING) {
                t.healthySince = now;
            }
            t.stage = Stage.RUNNING;
            t.health = Health.HEALTHY;
            t.failedProbes = 0;
            t.timedOut = false;
            t.message = r.message();
            t.nextProbe = now.plus(max(interval, STEADY_PROBE));
            if (t.healthySince != null && Duration.between(t.healthySince, now).compareTo(STABLE_AFTER) >= 0) {
                t.quickFailures = 0;
            }
            return;
        }
        if (t.stage == Stage.STARTING) {
            Duration timeout = hc.timeout() == null ? HealthCheck.DEFAULT_TIMEOUT : hc.timeout();
            boolean cheap = hc.type() != HealthCheck.Type.EXEC;
            t.nextProbe = now.plus(cheap && interval.compareTo(FAST_PROBE) > 0 ? FAST_PROBE : interval);
            if (Duration.between(t.launchedAt, now).compareTo(timeout) > 0) {
                t.timedOut = true;
                t.health = Health.UNHEALTHY;
                t.message = "not healthy " + Durations.format(timeout) + " after start: " + r.message();
                t.nextProbe = now.plus(interval);
            } else {
                t.message = "starting: " + r.message();
            }
            return;
        }
        t.failedProbes++;
        t.nextProbe = now.plus(interval);
        if (t.failedProbes >= UNHEALTHY_AFTER) {
            t.health = Health.UNHEALTHY;
            t.message = "health check failing: " + r.message();
        }
    }

    private Map<String, Line> status() {
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev(LAUNCHER, "status").withTimeout(Duration.ofSeconds(20)));
        if (!r.ok()) {
            throw new IllegalStateException("could not read service states: " + Text.lastLines(r.stderr(), 2));
        }
        Map<String, Line> lines = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] w = line.strip().split(" ");
            if (w.length != 4) {
                continue;
            }
            try {
                lines.put(w[0], new Line(w[1].equals("-") ? -1 : Long.parseLong(w[1]), w[2].equals("1"),
                        w[3].equals("-") ? null : Integer.valueOf(w[3])));
            } catch (NumberFormatException e) {
                // a half-written file: the next tick reads it whole
            }
        }
        return lines;
    }

    private boolean dependenciesHealthy(Tracked t) {
        return unhealthyDependencies(t).isEmpty();
    }

    private List<String> unhealthyDependencies(Tracked t) {
        return t.config.dependsOn().stream().filter(d -> {
            Tracked dep = services.get(d);
            return dep != null && dep.stage != Stage.RUNNING;
        }).toList();
    }

    /** PORT and every service's URL, then the workspace env, then the service's own env (explicit wins). */
    Map<String, String> environment(ServiceConfig s) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Tracked other : services.values()) {
            if (other.config.port() != null) {
                env.put(other.config.urlVariable(), "http://127.0.0.1:" + other.config.port());
            }
        }
        if (s.port() != null) {
            env.put("PORT", Integer.toString(s.port()));
        }
        env.putAll(config.env());
        env.putAll(s.env());
        return env;
    }

    private List<String> logTail(String name) {
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev("tail", "-n", Integer.toString(LOG_TAIL_LINES), "--",
                LOG_DIR + "/" + name + ".log").withTimeout(Duration.ofSeconds(10)));
        return r.ok() ? r.stdout().lines().toList() : List.of();
    }

    private static ServiceState state(Tracked t) {
        return switch (t.stage) {
            case WAITING -> ServiceState.WAITING;
            case BACKOFF, STARTING -> ServiceState.STARTING;
            case RUNNING -> ServiceState.RUNNING;
            case EXITED -> ServiceState.STOPPED;
            case FAILED -> ServiceState.FAILED;
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
