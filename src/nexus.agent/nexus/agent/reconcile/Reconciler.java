package nexus.agent.reconcile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import nexus.agent.Log;
import nexus.agent.driver.Driver;
import nexus.agent.network.NodeNetwork;
import nexus.agent.provision.Cloner;
import nexus.agent.provision.Provisioner;
import nexus.agent.provision.RepoInspector;
import nexus.agent.provision.UploadSource;
import nexus.agent.provision.WorkspaceConfigs;
import nexus.agent.provision.WorkspaceFile;
import nexus.agent.service.Supervisor;
import nexus.core.api.DesiredState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.repo.HostPathPolicy;

/**
 * Converges the node's workspaces to the specs the server assigns (kubelet style) and reports what it observes,
 * independent of how specs arrive. One {@link WorkspaceWorker} per workspace. On start it re-adopts what the
 * state dir and the driver know: workspaces with a record get a worker that converges (and adopts running
 * services) once their spec arrives; a workspace the server no longer assigns is deleted, unless it holds
 * unsaved work; an instance without a record (a crash between creating and recording cannot cause one, but a
 * lost state dir can) is destroyed.
 */
public final class Reconciler implements AutoCloseable {
    private static final Log LOG = Log.of("reconcile");

    private final Node node;
    private final Consumer<ObservedWorkspace> onChange;
    private final Map<String, WorkspaceWorker> workers = new LinkedHashMap<>();
    private boolean started;

    /**
     * @param stateDir  the agent's state directory (records under workspaces/, scratch files under tmp/)
     * @param hostPaths the node directories workspaces may be cloned from by path
     * @param uploads   where checkouts uploaded by users come from
     * @param onChange  called (on a worker thread) with every changed observation
     */
    public Reconciler(Driver driver, NodeNetwork network, Path stateDir, HostPathPolicy hostPaths, UploadSource uploads,
                      Consumer<ObservedWorkspace> onChange) {
        List<WorkspaceFile> helpers = new ArrayList<>(Supervisor.helpers());
        helpers.add(RepoInspector.helper());
        helpers.add(Cloner.askpassHelper());
        Path scratch = stateDir.resolve("tmp");
        this.node = new Node(driver, network, new Provisioner(helpers), new Cloner(scratch, hostPaths, uploads), new WorkspaceConfigs(scratch),
                new RecordStore(stateDir.resolve("workspaces")));
        this.onChange = onChange;
    }

    /** Prepares the node network and loads the workspaces this agent already has. */
    public synchronized void start() {
        if (started) {
            return;
        }
        node.network().ensure();
        List<WorkspaceRecord> records = node.store().loadAll();
        for (WorkspaceRecord r : records) {
            node.network().addresses().markTaken(r.address);
            workers.put(r.workspaceId, new WorkspaceWorker(node, r.workspaceId, r, onChange));
        }
        node.network().forwards().retainOnly(workers.keySet());
        workers.values().forEach(WorkspaceWorker::start);
        started = true;
        LOG.info("driver " + node.driver().name() + ": " + node.driver().isolation() + "; " + records.size()
                + " workspace(s) on record");
    }

    /**
     * The server's full assignment list: every workspace in it converges to its spec; every workspace the agent
     * has that is not in it is deleted (never forced, so unsaved work stays).
     */
    public synchronized void apply(List<WorkspaceSpec> specs) {
        Set<String> assigned = new HashSet<>();
        for (WorkspaceSpec spec : specs) {
            assigned.add(spec.workspaceId());
            worker(spec.workspaceId()).desire(spec);
        }
        for (Map.Entry<String, WorkspaceWorker> e : workers.entrySet()) {
            if (!assigned.contains(e.getKey())) {
                ObservedWorkspace o = e.getValue().observed();
                if (o != null) {
                    e.getValue().desire(orphanDeletion(e.getKey(), o));
                }
            }
        }
        Set<String> known = new HashSet<>(workers.keySet());
        for (String instance : node.driver().list()) {
            String id = instance.substring("nexus-".length());
            if (!known.contains(id)) {
                LOG.warn("destroying instance " + instance + ", which no workspace record or assignment knows");
                node.driver().destroy(instance);
            }
        }
        workers.values().removeIf(WorkspaceWorker::gone);
    }

    /** Applies one spec (tests and callers that converge a single workspace). */
    public synchronized void apply(WorkspaceSpec spec) {
        worker(spec.workspaceId()).desire(spec);
    }

    /** The latest observation of every workspace the agent has (for a complete status report). */
    public synchronized List<ObservedWorkspace> observeAll() {
        workers.values().removeIf(WorkspaceWorker::gone);
        return workers.values().stream().map(WorkspaceWorker::observed).filter(java.util.Objects::nonNull).toList();
    }

    public synchronized ObservedWorkspace observe(String workspaceId) {
        WorkspaceWorker w = workers.get(workspaceId);
        return w == null ? null : w.observed();
    }

    public synchronized int instances() {
        return (int) workers.values().stream().filter(w -> !w.gone()).count();
    }

    private WorkspaceWorker worker(String workspaceId) {
        WorkspaceWorker w = workers.get(workspaceId);
        if (w == null || w.gone()) {
            w = new WorkspaceWorker(node, workspaceId, null, onChange);
            workers.put(workspaceId, w);
            w.start();
        }
        return w;
    }

    private static WorkspaceSpec orphanDeletion(String workspaceId, ObservedWorkspace o) {
        return new WorkspaceSpec(workspaceId, workspaceId, "", null, DesiredState.DELETED, o.generation(), 0,
                new nexus.core.api.Repository("", null, null, null), null, null, null, 0, List.of(), List.of(), null, false);
    }

    /** Stops the workers; the workspaces keep running. */
    @Override
    public void close() {
        List<WorkspaceWorker> all;
        synchronized (this) {
            all = new ArrayList<>(workers.values());
        }
        all.forEach(WorkspaceWorker::close);
    }
}
