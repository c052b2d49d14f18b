package nexus.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nexus.agent.Log;
import nexus.agent.driver.InstanceSpec;
import nexus.agent.driver.InstanceState;
import nexus.agent.driver.UnsupportedImageException;
import nexus.agent.image.ImageBuildException;
import nexus.agent.network.Attachment;
import nexus.agent.network.PortForward;
import nexus.agent.provision.CloneException;
import nexus.agent.provision.Hooks;
import nexus.agent.provision.HostKeys;
import nexus.agent.provision.Provisioner;
import nexus.agent.provision.RepoInspector;
import nexus.agent.service.Supervisor;
import nexus.core.api.DesiredState;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.ServiceStatus;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigParser;
import nexus.core.config.ConfigWriter;
import nexus.core.config.ServiceConfig;
import nexus.core.config.WorkspaceConfig;
import nexus.core.json.JsonObject;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.Text;

/**
 * Converges one workspace to its spec and then supervises it, on its own thread. Each step checks the real
 * state first and records its completion, so a crash at any point (of the agent or the host) is followed by a
 * convergence that picks up where things are. A failed convergence is not retried until the spec changes or
 * the agent restarts; while running, services are ticked and the repository is checked for unsaved work.
 */
final class WorkspaceWorker {
    private static final Log LOG = Log.of("workspace");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration SSH_WAIT = Duration.ofSeconds(60);
    private static final Duration PRE_START_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration HOOK_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REPO_CHECK_EVERY = Duration.ofSeconds(60);
    private static final Duration TICK_BUSY = Duration.ofSeconds(1);
    private static final Duration TICK_STEADY = Duration.ofSeconds(5);

    private final Node node;
    private final String workspaceId;
    private final Consumer<ObservedWorkspace> onChange;
    private final Object lock = new Object();
    private WorkspaceSpec desired;
    private boolean woken;
    private boolean closed;

    private WorkspaceRecord record;
    /** The spec being converged to (or last converged to): observations report its generation. */
    private volatile WorkspaceSpec acting;
    private WorkspaceSpec converged;
    private boolean failed;
    private WorkspaceConfig config;
    private Supervisor supervisor;
    private Instant lastRepoCheck = Instant.MIN;
    /** The step running now (for error codes); with {@code stepTimed}, whether it is a creation phase. */
    private Phase stepPhase;
    private boolean stepTimed;
    /** A service that failed or stayed unhealthy while starting, for the convergence that started it. */
    private WorkspaceError servicesProblem;
    private volatile ObservedWorkspace observed;
    private volatile boolean gone;
    private Thread thread;

    WorkspaceWorker(Node node, String workspaceId, WorkspaceRecord record, Consumer<ObservedWorkspace> onChange) {
        this.node = node;
        this.workspaceId = workspaceId;
        this.record = record;
        this.onChange = onChange;
        if (record != null) {
            observed = observation(record.state, record.error, null);
        }
    }

    static String instanceName(String workspaceId) {
        return "nexus-" + workspaceId;
    }

    void start() {
        thread = Thread.ofVirtual().name("workspace-" + workspaceId).start(this::loop);
    }

    void desire(WorkspaceSpec spec) {
        synchronized (lock) {
            desired = spec;
            woken = true;
            lock.notifyAll();
        }
    }

    /** Stops the worker thread (not the workspace) and waits for it. */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    ObservedWorkspace observed() {
        return observed;
    }

    /** True once the workspace is deleted and reported so: the worker has nothing left to do. */
    boolean gone() {
        return gone;
    }

    private void loop() {
        while (true) {
            WorkspaceSpec spec;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                spec = desired;
                woken = false;
            }
            try {
                if (spec != null && needsConvergence(spec)) {
                    converge(spec);
                } else if (spec != null && !failed && record != null && spec.desiredState() == DesiredState.RUNNING) {
                    supervise(spec);
                }
            } catch (RuntimeException e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.error(workspaceId + ": " + Text.lastLines(String.valueOf(e), 3));
            }
            if (gone) {
                return;
            }
            synchronized (lock) {
                if (!woken && !closed) {
                    try {
                        lock.wait((supervisor != null && supervisor.busy() ? TICK_BUSY : TICK_STEADY).toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private boolean needsConvergence(WorkspaceSpec spec) {
        if (converged == null) {
            return true;
        }
        return spec.desiredState() != converged.desiredState() || spec.generation() != converged.generation()
                || spec.restartGeneration() != converged.restartGeneration() || spec.force() != converged.force();
    }

    /** True when a newer spec asks for something else than {@code spec}: long steps stop early. */
    private boolean superseded(WorkspaceSpec spec) {
        synchronized (lock) {
            return closed || (desired != null && desired.desiredState() != spec.desiredState());
        }
    }

    private void converge(WorkspaceSpec spec) {
        failed = false;
        servicesProblem = null;
        acting = spec;
        stepPhase = null;
        stepTimed = false;
        try {
            switch (spec.desiredState()) {
                case DELETED -> delete(spec);
                case RUNNING -> run(spec);
                case STOPPED -> {
                    if (record == null) {
                        // never created: nothing to stop; it is created when it is asked to run
                        publish(observation(WorkspaceState.STOPPED, null, null));
                    } else {
                        stop(spec);
                    }
                }
            }
            converged = spec;
        } catch (Superseded e) {
            converged = null;
        } catch (ConvergeException e) {
            fail(spec, e.error());
        } catch (ImageBuildException e) {
            fail(spec, new WorkspaceError("image_failed", e.getMessage() + "; fix the cause (network, disk space) and "
                    + "restart the workspace", Phase.IMAGE, JsonObject.builder().putStrings("output_tail", e.outputTail()).build()));
        } catch (RuntimeException e) {
            if (closed) {
                throw e;
            }
            Phase phase = stepPhase;
            fail(spec, new WorkspaceError(codeFor(phase), Text.lastLines(String.valueOf(e.getMessage()), 3)
                    + (phase == null ? "" : " (during " + phase.wire() + ")"), stepTimed ? phase : null, JsonObject.empty()));
        }
    }

    private void fail(WorkspaceSpec spec, WorkspaceError error) {
        LOG.error(workspaceId + ": " + error.code() + ": " + error.message());
        failed = true;
        converged = spec;
        if (record != null) {
            record.state = WorkspaceState.ERROR;
            record.error = error;
            saveAndReport();
        } else {
            publish(observation(WorkspaceState.ERROR, error, null));
        }
    }

    // ---- running -------------------------------------------------------------------------------------------

    private void run(WorkspaceSpec spec) {
        ensureRecord(spec);
        boolean creating = !record.setupDone || record.timeline.stream().noneMatch(e -> e.phase() == Phase.READY);
        InstanceState instanceState = node.driver().state(record.instance);
        if (record.created && instanceState == InstanceState.ABSENT) {
            LOG.warn(workspaceId + ": its instance " + record.instance + " is gone; creating it again");
            record.resetProgress();
            creating = true;
        }
        record.error = null;
        if (creating || instanceState != InstanceState.RUNNING) {
            record.state = creating ? WorkspaceState.CREATING : WorkspaceState.STARTING;
            saveAndReport();
        }
        // else: a running workspace (an agent restart, a restart request, new keys) keeps its reported state until
        // the convergence below has adopted its services and can report them.
        Attachment network = node.network().addresses().attachment(record.address);
        boolean fresh = creating;

        step(spec, Phase.IMAGE, fresh && !record.created, () -> {
            try {
                node.driver().prepareImage(spec.image());
            } catch (UnsupportedImageException e) {
                throw new ConvergeException("image_unavailable", e.getMessage(), Phase.IMAGE, JsonObject.empty());
            }
        });
        step(spec, Phase.CONTAINER, fresh, () -> {
            if (!record.created) {
                node.driver().create(new InstanceSpec(record.instance, spec.name(), spec.image(), network, null));
                record.created = true;
            }
        });
        step(spec, Phase.NETWORK, fresh, () -> {
            node.network().ensure();
            node.driver().start(record.instance);
            node.network().bridge().isolate(network.hostInterface());
            node.network().forwards().apply(workspaceId, forwards(network));
        });
        step(spec, Phase.SSH, fresh, () -> {
            HostKeys keys = node.provisioner().provision(node.driver(), record.instance, spec.name(), spec.authorizedKeys());
            record.hostKeys = keys.keys();
            record.hostKeyFingerprints = keys.fingerprints();
        });
        step(spec, Phase.CLONE, fresh, () -> {
            if (!record.cloned) {
                try {
                    String what = node.cloner().clone(node.driver(), record.instance, spec.repo(), spec.cloneToken());
                    LOG.info(workspaceId + ": " + what);
                } catch (CloneException e) {
                    throw new ConvergeException("clone_failed", e.getMessage() + "; check the repository URL, branch and "
                            + "access, then start the workspace again to retry (a private clone's token does not survive a "
                            + "server restart: recreate the workspace then)", Phase.CLONE,
                            JsonObject.builder().putStrings("output_tail", e.output().lines().toList()).build());
                }
                record.cloned = true;
            }
        });
        step(spec, Phase.SETUP, fresh, () -> {
            config = loadConfig(spec);
            String configImage = config.imageFor(node.driver().name());
            if (spec.image() == null && configImage != null) {
                try {
                    node.driver().prepareImage(configImage);
                } catch (UnsupportedImageException e) {
                    throw new ConvergeException("image_unavailable", e.getMessage() + " (the workspace was made from the "
                            + "default image; remove image from .nexus/config.yaml or create it on a node that has it)", Phase.SETUP,
                            JsonObject.empty());
                }
            }
            node.driver().limit(record.instance, config.resources());
            node.network().forwards().apply(workspaceId, forwards(network));
            if (!record.setupDone) {
                runHook("pre_start", config.lifecycle().preStart(), PRE_START_TIMEOUT, Phase.SETUP);
                record.setupDone = true;
            }
        });
        step(spec, Phase.SERVICES, fresh, () -> {
            boolean restart = !fresh && spec.restartGeneration() > record.restartGeneration;
            if (supervisor == null) {
                supervisor = newSupervisor(network);
            }
            if (restart) {
                LOG.info(workspaceId + ": restarting services");
                supervisor.stopAll(STOP_GRACE);
            }
            record.restartGeneration = spec.restartGeneration();
            servicesProblem = supervisor.startAll(() -> superseded(spec)).orElse(null);
            if (superseded(spec)) {
                throw new Superseded();
            }
            if (servicesProblem == null) {
                runHook("post_start", config.lifecycle().postStart(), HOOK_TIMEOUT, Phase.SERVICES);
            }
        });
        if (servicesProblem != null) {
            // Not a failed convergence: the workspace runs and stays supervised, so the error clears by itself
            // when the service recovers (or a restart policy brings it back).
            record.state = WorkspaceState.ERROR;
            record.error = servicesProblem;
            record.generation = spec.generation();
            saveAndReport();
            LOG.warn(workspaceId + ": " + servicesProblem.code() + ": " + servicesProblem.message());
            return;
        }
        // sshd started with the instance; by now it has long answered, so this check rarely waits
        step(spec, Phase.READY, fresh, () -> Provisioner.awaitSsh(network.ip(), 22, SSH_WAIT));
        record.state = WorkspaceState.RUNNING;
        record.phase = fresh ? Phase.READY : record.phase;
        record.generation = spec.generation();
        record.name = spec.name();
        saveAndReport();
        refreshRepoState();
        saveAndReport();
        LOG.info(workspaceId + ": running at " + network.ip() + ", ssh on node port " + spec.sshPort());
    }

    private Supervisor newSupervisor(Attachment network) {
        return new Supervisor(node.driver(), record.instance, network.ip(), config, mappedPorts());
    }

    /** Runs a creation phase, timing it into the timeline when {@code timed}; a repeat of a finished phase is cheap. */
    private void step(WorkspaceSpec spec, Phase phase, boolean timed, Runnable body) {
        if (superseded(spec)) {
            throw new Superseded();
        }
        stepPhase = phase;
        stepTimed = timed;
        if (timed) {
            record.phase = phase;
            record.timeline = Timeline.begin(record.timeline, phase, Instant.now());
            saveAndReport();
        }
        body.run();
        if (timed) {
            record.timeline = Timeline.end(record.timeline, phase, Instant.now());
        }
        node.store().save(record);
    }

    private WorkspaceConfig loadConfig(WorkspaceSpec spec) {
        try {
            if (record.configYaml != null) {
                WorkspaceConfig c = ConfigParser.parse(record.configYaml, "the workspace's saved config");
                return record.configOrigin == null ? c : withOrigin(c, record.configOrigin);
            }
            WorkspaceConfig c = node.configs().load(node.driver(), record.instance, spec.config());
            record.configYaml = ConfigWriter.toYaml(c);
            record.configOrigin = c.origin();
            LOG.info(workspaceId + ": config: " + c.origin().description() + ", " + Text.plural(c.services().size(), "service"));
            return c;
        } catch (ConfigException e) {
            throw new ConvergeException("config_invalid", "the workspace config is invalid: " + Text.lastLines(e.getMessage(), 5)
                    + (spec.config() != null ? "; create the workspace with a valid config" : "; fix .nexus/config.yaml and recreate the workspace"),
                    Phase.SETUP,
                    JsonObject.builder().putStrings("problems", e.getMessage().lines().toList()).build());
        }
    }

    private static WorkspaceConfig withOrigin(WorkspaceConfig c, nexus.core.config.ConfigOrigin origin) {
        return new WorkspaceConfig(c.version(), c.name(), c.image(), c.providerImages(), c.resources(), c.env(), c.lifecycle(),
                c.services(), origin);
    }

    private void runHook(String hook, String script, Duration timeout, Phase phase) {
        try {
            Hooks.run(node.driver(), record.instance, hook, script, config.env(), timeout);
        } catch (Hooks.HookFailedException e) {
            throw new ConvergeException(hook.equals("pre_start") ? "setup_failed" : "hook_failed", e.getMessage(), phase,
                    JsonObject.builder().put("hook", hook).putStrings("log_tail", e.logTail()).build());
        }
    }

    /** Node port per service: services with a port, in config order, take the spec's service ports in order. */
    private Map<String, Integer> mappedPorts() {
        Map<String, Integer> mapped = new LinkedHashMap<>();
        if (config == null) {
            return mapped;
        }
        int i = 0;
        for (ServiceConfig s : config.services().values()) {
            if (s.port() != null && i < record.servicePorts.size()) {
                mapped.put(s.name(), record.servicePorts.get(i++));
            }
        }
        return mapped;
    }

    private List<PortForward> forwards(Attachment network) {
        List<PortForward> forwards = new ArrayList<>();
        forwards.add(new PortForward(record.sshPort, network.ip(), 22, true));
        if (config != null) {
            boolean publish = node.network().publishServices();
            mappedPorts().forEach((name, nodePort) ->
                    forwards.add(new PortForward(nodePort, network.ip(), config.services().get(name).port(), publish)));
        }
        return forwards;
    }

    // ---- supervising ---------------------------------------------------------------------------------------

    private void supervise(WorkspaceSpec spec) {
        if (node.driver().state(record.instance) != InstanceState.RUNNING) {
            LOG.warn(workspaceId + ": its instance stopped unexpectedly; starting it again");
            converged = null;
            return;
        }
        if (supervisor == null) {
            converged = null;
            return;
        }
        supervisor.tick(Instant.now());
        Optional<WorkspaceError> problem = supervisor.problem(null);
        WorkspaceState state = problem.isPresent() ? WorkspaceState.ERROR : WorkspaceState.RUNNING;
        if (Duration.between(lastRepoCheck, Instant.now()).compareTo(REPO_CHECK_EVERY) >= 0) {
            refreshRepoState();
        }
        Map<String, ServiceStatus> services = supervisor.statuses();
        if (state != record.state || !java.util.Objects.equals(problem.orElse(null), record.error) || changedMaterially(services)) {
            record.state = state;
            record.error = problem.orElse(null);
            record.services = services;
            node.store().save(record);
        }
        publish(observation(record.state, record.error, services));
    }

    /** Whether a service changed state or health since the record was saved (not just its last check time). */
    private boolean changedMaterially(Map<String, ServiceStatus> services) {
        if (!services.keySet().equals(record.services.keySet())) {
            return true;
        }
        return services.entrySet().stream().anyMatch(e -> {
            ServiceStatus before = record.services.get(e.getKey());
            return before.status() != e.getValue().status() || before.health() != e.getValue().health()
                    || !java.util.Objects.equals(before.restarts(), e.getValue().restarts());
        });
    }

    private void refreshRepoState() {
        RepoState s = RepoInspector.inspect(node.driver(), record.instance);
        lastRepoCheck = Instant.now();
        if (s != null) {
            record.repoState = s;
        }
    }

    // ---- stopping and deleting -----------------------------------------------------------------------------

    private void stop(WorkspaceSpec spec) {
        if (node.driver().state(record.instance) == InstanceState.RUNNING) {
            record.state = WorkspaceState.STOPPING;
            record.error = null;
            saveAndReport();
            if (config == null && record.configYaml != null) {
                config = loadConfig(spec);
            }
            if (!spec.force() && config != null) {
                try {
                    runHook("pre_stop", config.lifecycle().preStop(), HOOK_TIMEOUT, null);
                } catch (ConvergeException e) {
                    LOG.warn(workspaceId + ": " + e.getMessage() + "; stopping anyway");
                }
            }
            refreshRepoState();
            if (supervisor == null && config != null) {
                supervisor = newSupervisor(node.network().addresses().attachment(record.address));
            }
            if (supervisor != null) {
                supervisor.stopAll(STOP_GRACE);
                record.services = supervisor.statuses();
            }
            node.driver().stop(record.instance, STOP_GRACE);
        }
        supervisor = null;
        record.state = WorkspaceState.STOPPED;
        record.generation = spec.generation();
        saveAndReport();
        LOG.info(workspaceId + ": stopped");
    }

    private void delete(WorkspaceSpec spec) {
        String instance = record == null ? instanceName(workspaceId) : record.instance;
        if (record != null && !spec.force()) {
            if (node.driver().state(instance) == InstanceState.RUNNING) {
                refreshRepoState();
            }
            RepoState repo = record.repoState;
            if (repo != null && repo.hasUnsavedWork()) {
                record.state = WorkspaceState.ERROR;
                record.error = new WorkspaceError("unsaved_work", "not deleted: the repository has " + Text.plural(repo.uncommittedFiles(),
                        "uncommitted file") + " and " + Text.plural(repo.unpushedCommits(), "unpushed commit")
                        + "; commit and push them, or delete with --force", null, JsonObject.builder()
                        .put("uncommitted_files", repo.uncommittedFiles()).put("unpushed_commits", repo.unpushedCommits()).build());
                saveAndReport();
                LOG.warn(workspaceId + ": " + record.error.message());
                return;
            }
        }
        if (record != null) {
            record.state = WorkspaceState.DELETING;
            record.error = null;
            saveAndReport();
        }
        supervisor = null;
        node.network().forwards().remove(workspaceId);
        node.driver().destroy(instance);
        if (record != null) {
            node.network().addresses().release(record.address);
            node.store().delete(workspaceId);
        }
        record = null;
        gone = true;
        publish(new ObservedWorkspace(workspaceId, spec.generation(), WorkspaceState.DELETED, null, null, Map.of(), List.of(),
                List.of(), List.of(), null, null));
        LOG.info(workspaceId + ": deleted");
    }

    // ---- records and observations --------------------------------------------------------------------------

    private void ensureRecord(WorkspaceSpec spec) {
        if (record == null) {
            Attachment a = node.network().addresses().allocate();
            record = new WorkspaceRecord(workspaceId, instanceName(workspaceId), node.driver().name(), a.address());
            LOG.info(workspaceId + " (" + spec.name() + "): new workspace at " + a.ip());
        }
        record.name = spec.name();
        record.sshPort = spec.sshPort();
        record.servicePorts = spec.servicePorts();
        node.store().save(record);
    }

    private void saveAndReport() {
        if (supervisor != null) {
            record.services = supervisor.statuses();
        }
        node.store().save(record);
        publish(observation(record.state, record.error, record.services));
    }

    private ObservedWorkspace observation(WorkspaceState state, WorkspaceError error, Map<String, ServiceStatus> services) {
        WorkspaceSpec spec = acting;
        long generation = spec != null ? spec.generation() : record == null ? 0 : record.generation;
        if (record == null) {
            return new ObservedWorkspace(workspaceId, generation, state, null, null, Map.of(), List.of(), List.of(), List.of(), error, null);
        }
        return new ObservedWorkspace(workspaceId, generation, state, record.phase,
                node.network().addresses().attachment(record.address).ip(), services == null ? record.services : services,
                record.timeline, record.hostKeys, record.hostKeyFingerprints, error, record.repoState);
    }

    private void publish(ObservedWorkspace o) {
        ObservedWorkspace before = observed;
        observed = o;
        if (!o.equals(before)) {
            onChange.accept(o);
        }
    }

    /** A newer spec asks for another desired state: stop converging to this one. */
    private static final class Superseded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Superseded() {
            super("superseded by a newer spec", null, false, false);
        }
    }

    private static String codeFor(Phase phase) {
        if (phase == null) {
            return "agent_error";
        }
        return switch (phase) {
            case IMAGE -> "image_failed";
            case CONTAINER -> "container_failed";
            case NETWORK -> "network_failed";
            case SSH -> "ssh_failed";
            case CLONE -> "clone_failed";
            case SETUP -> "setup_failed";
            case SERVICES -> "service_failed";
            default -> "agent_error";
        };
    }
}
