package nexus.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nexus.core.api.DesiredState;
import nexus.core.api.NodeRef;
import nexus.core.api.Phase;
import nexus.core.api.RepoState;
import nexus.core.api.Repository;
import nexus.core.api.ServiceStatus;
import nexus.core.api.SshInfo;
import nexus.core.api.TimelineEntry;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceError;
import nexus.core.api.WorkspaceState;

/**
 * A workspace row with its owner's name, its node and its SSH port. {@code status} is what the store holds (the
 * agent's last observation, or the transitional state a request set); {@link #shownStatus()} is what users see,
 * which is {@code unknown} while the node is offline. {@code actionGeneration} is the generation of the last
 * lifecycle action (stop, start, restart, delete): reports about older generations cannot override the
 * transitional state that action set.
 */
public record StoredWorkspace(
        String id,
        String ownerId,
        String owner,
        String name,
        String nodeId,
        String nodeName,
        String nodeHost,
        boolean nodeOnline,
        WorkspaceState status,
        Phase phase,
        DesiredState desired,
        long generation,
        long restartGeneration,
        boolean force,
        Repository repo,
        String provider,
        String image,
        String ip,
        Map<String, ServiceStatus> services,
        List<TimelineEntry> timeline,
        List<String> hostKeys,
        List<String> hostKeyFingerprints,
        WorkspaceError error,
        RepoState repoState,
        Instant createdAt,
        Instant updatedAt,
        Instant readyAt,
        long version,
        int sshPort,
        long actionGeneration) {

    /** The user at every workspace's SSH port (DESIGN §6). */
    public static final String SSH_USER = "dev";

    public WorkspaceState shownStatus() {
        return nodeOnline || status == WorkspaceState.DELETING ? status : WorkspaceState.UNKNOWN;
    }

    public SshInfo ssh() {
        return new SshInfo(nodeHost, sshPort, SSH_USER, hostKeyFingerprints, hostKeys);
    }

    public Workspace toApi() {
        return new Workspace(id, name, ownerId, owner, shownStatus(), phase, desired, repo, provider, image,
                new NodeRef(nodeId, nodeName, nodeHost), ssh(), services, timeline, error, repoState, createdAt, updatedAt,
                readyAt, version);
    }
}
