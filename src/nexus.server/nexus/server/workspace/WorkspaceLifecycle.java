package nexus.server.workspace;

import nexus.core.api.DesiredState;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.server.http.ApiException;
import nexus.server.store.StoredWorkspace;

/**
 * The workspace state machine of DESIGN §4 — the only place that decides which user action is allowed in which
 * state and what it changes. The server only sets the desired state (and a transitional status shown until the
 * agent reports); agents converge. Every accepted change increments the spec {@code generation}.
 *
 * <pre>
 * action   from                                    → desired  status shown until the agent reports
 * stop     pending creating starting running error → stopped  stopping
 *          stopping stopped                        → no change (202, idempotent)
 * start    stopped stopping                        → running  starting
 *          error                                   → running  starting (pending if it never got ready: creation is retried)
 *          pending creating starting running       → no change (202, idempotent)
 * restart  running error                           → running  starting, restart_generation + 1 (services restart once)
 *          starting                                → no change (202, idempotent)
 *          pending creating                        → 409: still being created
 *          stopping stopped                        → 409: start it instead
 * delete   anything but running/starting           → deleted  deleting
 *          running starting                        → 409 unless force (stop it first)
 *          last repo report has unsaved work       → 409 unless force (details carry the counts)
 *          deleting                                → no change (202), or force added
 * any      deleting (stop, start, restart)         → 409: being deleted
 * any      unknown (node offline; not delete)      → 409: start the node's agent, or delete
 * </pre>
 * Delete is judged on the last reported state, so a workspace on an offline node can be marked for deletion;
 * it goes when the node returns and confirms.
 */
public final class WorkspaceLifecycle {

    public enum Action { STOP, START, RESTART, DELETE }

    /** What an accepted action changes; {@code changed} false means the workspace already heads there. */
    public record Plan(boolean changed, DesiredState desired, WorkspaceState status, long generation,
                       long restartGeneration, boolean force) {}

    private WorkspaceLifecycle() {}

    public static Plan plan(StoredWorkspace w, Action action, boolean force) {
        WorkspaceState s = w.status();
        if (s == WorkspaceState.DELETING) {
            if (action == Action.DELETE) {
                return force && !w.force() ? change(w, DesiredState.DELETED, WorkspaceState.DELETING, false, true) : same(w);
            }
            throw refuse(w, "is being deleted; create a new workspace instead");
        }
        if (action != Action.DELETE && !w.nodeOnline()) {
            throw refuse(w, "is on node " + w.nodeName() + ", which is offline, so its state is unknown; start the agent "
                    + "on that node (nexus node list shows it) or delete the workspace");
        }
        return switch (action) {
            case STOP -> switch (s) {
                case PENDING, CREATING, STARTING, RUNNING, ERROR -> change(w, DesiredState.STOPPED, WorkspaceState.STOPPING, false, force);
                case STOPPING, STOPPED -> same(w);
                default -> throw refuse(w, "cannot be stopped now");
            };
            case START -> switch (s) {
                case STOPPED, STOPPING -> change(w, DesiredState.RUNNING, WorkspaceState.STARTING, false, false);
                case ERROR -> change(w, DesiredState.RUNNING, w.readyAt() == null ? WorkspaceState.PENDING : WorkspaceState.STARTING, false, false);
                case PENDING, CREATING, STARTING, RUNNING -> same(w);
                default -> throw refuse(w, "cannot be started now");
            };
            case RESTART -> switch (s) {
                case RUNNING, ERROR -> change(w, DesiredState.RUNNING,
                        w.readyAt() == null ? WorkspaceState.PENDING : WorkspaceState.STARTING, true, false);
                case STARTING -> same(w);
                case PENDING, CREATING -> throw refuse(w, "is still being created; wait until it runs (nexus workspace status "
                        + w.name() + " --watch)");
                case STOPPING, STOPPED -> throw refuse(w, "is stopped; start it instead (nexus workspace start " + w.name() + ")");
                default -> throw refuse(w, "cannot be restarted now");
            };
            case DELETE -> {
                // a running workspace is stopped and deleted, as users of other tools expect; only work that exists
                // nowhere else holds a deletion back (force overrides that, and only that)
                if (!force && w.repoState() != null && w.repoState().hasUnsavedWork()) {
                    throw new ApiException(409, "conflict", "workspace " + w.name() + " has work that exists nowhere else ("
                            + w.repoState().uncommittedFiles() + " uncommitted files, " + w.repoState().unpushedCommits()
                            + " unpushed commits); commit and push it, or delete anyway with --force (DELETE …?force=true)",
                            JsonObject.builder()
                                    .put("status", w.shownStatus())
                                    .put("uncommitted_files", w.repoState().uncommittedFiles())
                                    .put("unpushed_commits", w.repoState().unpushedCommits())
                                    .put("checked_at", w.repoState().checkedAt())
                                    .build());
                }
                yield change(w, DesiredState.DELETED, WorkspaceState.DELETING, false, force);
            }
        };
    }

    private static Plan change(StoredWorkspace w, DesiredState desired, WorkspaceState status, boolean restart, boolean force) {
        return new Plan(true, desired, status, w.generation() + 1, w.restartGeneration() + (restart ? 1 : 0), force);
    }

    private static Plan same(StoredWorkspace w) {
        return new Plan(false, w.desired(), w.status(), w.generation(), w.restartGeneration(), w.force());
    }

    private static ApiException refuse(StoredWorkspace w, String why) {
        return ApiException.conflict("workspace " + w.name() + " (" + w.shownStatus().wire() + ") " + why,
                JsonObject.builder().put("status", w.shownStatus()).build());
    }
}
