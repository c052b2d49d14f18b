package nexus.agent.reconcile;

import nexus.core.api.Phase;
import nexus.core.api.WorkspaceError;
import nexus.core.json.JsonObject;

/** A convergence step failed; carries the workspace error to report (stable code, next step, details). */
final class ConvergeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient WorkspaceError error;

    ConvergeException(String code, String message, Phase phase, JsonObject details) {
        super(message);
        this.error = new WorkspaceError(code, message, phase, details);
    }

    ConvergeException(WorkspaceError error) {
        super(error.message());
        this.error = error;
    }

    WorkspaceError error() {
        return error;
    }
}
