package nexus.server.api;

import static nexus.server.http.Schema.array;
import static nexus.server.http.Schema.bool;
import static nexus.server.http.Schema.dateTime;
import static nexus.server.http.Schema.freeForm;
import static nexus.server.http.Schema.integer;
import static nexus.server.http.Schema.map;
import static nexus.server.http.Schema.number;
import static nexus.server.http.Schema.object;
import static nexus.server.http.Schema.oneOf;
import static nexus.server.http.Schema.string;

import java.util.Arrays;
import nexus.core.api.DesiredState;
import nexus.core.api.Health;
import nexus.core.api.NodeState;
import nexus.core.api.Phase;
import nexus.core.api.QuotaLimit;
import nexus.core.api.ServiceState;
import nexus.core.api.WorkspaceState;
import nexus.core.json.WireEnum;
import nexus.server.http.Schema;
import nexus.server.http.Schema.RefSchema;

/**
 * The JSON shape of every API body, one component per record of {@code nexus.core.api} and
 * {@code nexus.core.protocol}, member for member as the record's {@code toJson} writes it (optional members are
 * left out when null). Requests are checked against these before the record reads them; the OpenAPI document
 * publishes them; the tests check every answer against them.
 */
final class ApiSchemas {
    private ApiSchemas() {}

    static <E extends Enum<E> & WireEnum> Schema.StringSchema wire(String description, Class<E> type) {
        return oneOf(description, Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toList());
    }

    private static final Schema.StringSchema ID = string("an id: ws-…, user-…, node-…");

    static final RefSchema ERROR = object("Every error answer.")
            .required("error", string("stable code: invalid_request, auth_required, forbidden, not_found, method_not_allowed, "
                    + "conflict, workspace_exists, payload_too_large, unsupported_media_type, github_unavailable, "
                    + "quota_exceeded, no_node_available, ports_exhausted, internal_error"))
            .required("message", string("what went wrong and what to do next"))
            .required("details", freeForm("e.g. field, missing_fields, status"))
            .required("request_id", string("req-…, also in the X-Request-Id header and the server log"))
            .component("ErrorBody");

    static final RefSchema HEALTH = object("Liveness and node counts.")
            .required("status", string("ok"))
            .required("version", string("server version"))
            .required("uptime_seconds", integer("seconds since the server started"))
            .required("nodes", object("node counts").required("online", integer("online nodes"))
                    .required("offline", integer("offline nodes")).build())
            .component("HealthStatus");

    static final RefSchema SSH_KEY = object("An SSH public key of a user.")
            .required("fingerprint", string("SHA256:… as ssh-keygen -lf prints it"))
            .required("type", string("ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, …"))
            .required("public_key", string("\"type base64\""))
            .optional("comment", string("the key's comment"))
            .required("added_at", dateTime("when it was added"))
            .component("SshKey");

    static final RefSchema REGISTER_REQUEST = object("Proof of identity (exactly one of github_token, invite_token) and an SSH key.")
            .optional("github_token", string("a GitHub token; verified with GET /user on the GitHub API, never stored", 1024))
            .optional("invite_token", string("a single-use invite from POST /invites (nxi_…)", 256))
            .required("ssh_pubkey", string("an SSH public key line: ed25519, ECDSA, or RSA ≥ 2048 bits", 16384))
            .component("RegisterUserRequest");

    static final RefSchema REGISTER_RESPONSE = object("A registered user and their API token, shown this once.")
            .required("user_id", ID)
            .required("github_username", string("the GitHub login, or the user name the invite named"))
            .required("ssh_pubkey_fingerprint", string("SHA256 fingerprint of the key sent"))
            .required("token", string("the user's API token (nxu_…); store it, it is not shown again"))
            .required("registered_at", dateTime("when the user was created"))
            .component("RegisterUserResponse");

    static final RefSchema USER_PROFILE = object("The calling user.")
            .required("user_id", ID)
            .required("github_username", string("user name"))
            .required("keys", array("SSH keys", SSH_KEY))
            .required("registered_at", dateTime("when the user was created"))
            .component("UserProfile");

    static final RefSchema KEY_LIST = object("The calling user's SSH keys.")
            .required("keys", array("SSH keys, oldest first", SSH_KEY))
            .component("SshKeyList");

    static final RefSchema TOKEN_INFO = object("A user's API token (never its secret).")
            .required("token_id", string("tok-…"))
            .required("label", string("how it was minted, e.g. \"GitHub registration from 10.0.0.7 (key me@laptop)\""))
            .required("created_at", dateTime("when it was minted"))
            .optional("last_used_at", dateTime("its last use, to the minute (absent: never used)"))
            .optional("expires_at", dateTime("when it stops working (absent: never)"))
            .required("current", bool("true for the token of this request"))
            .component("TokenInfo");

    static final RefSchema TOKEN_LIST = object("A user's live tokens (not revoked, not expired).")
            .required("tokens", array("tokens, oldest first", TOKEN_INFO))
            .component("TokenList");

    static final RefSchema TOKENS_REVOKED = object("How many tokens a revocation ended.")
            .required("revoked", integer("tokens revoked"))
            .component("TokensRevoked");

    static final RefSchema ADD_KEY = object("An SSH public key to add.")
            .required("public_key", string("an SSH public key line", 16384))
            .component("AddKeyRequest");

    static final RefSchema QUOTA_USAGE = object("One limit of a user's quota.")
            .required("limit", wire("the limit", QuotaLimit.class))
            .required("allowed", integer("what the user may have (memory_bytes: bytes)"))
            .required("used", integer("what the user's workspaces use now (services_per_workspace: the most any one has)"))
            .required("overridden", bool("true: an admin set it for this user; false: the server's default"))
            .component("QuotaUsage");

    static final RefSchema USER_QUOTA = object("A user's limits and usage.")
            .required("user_id", ID)
            .required("username", string("user name"))
            .required("limits", array("every limit, in a fixed order", QUOTA_USAGE))
            .component("UserQuota");

    static final RefSchema QUOTA_UPDATE = quotaUpdate();

    /** One optional member per limit: a number sets it, null resets it to the server's default. */
    private static RefSchema quotaUpdate() {
        Schema.ObjectBuilder b = object("Limits to change for one user; a limit left out keeps its value.");
        for (QuotaLimit limit : QuotaLimit.values()) {
            b.optional(limit.wire(), integer(limit.label() + ": a number sets it, null goes back to the server's default",
                    0, limit.maximum()));
        }
        return b.component("QuotaUpdate");
    }

    static final RefSchema REPOSITORY = object("Where a workspace's code comes from: url is cloned, or upload names a "
            + "git bundle uploaded with POST /uploads (then url, if any, is the upstream origin points at).")
            .optional("url", string("https://…, git@host:o/r.git, ssh://…, or a path on the node its operator allowed "
                    + "(--allow-local-repos); required unless upload is given", 2048))
            .optional("owner", string("GitHub owner or group", 256))
            .optional("name", string("repository name", 256))
            .optional("branch", string("branch to check out (default branch when absent)", 256))
            .optional("upload", string("an upload id (upl-…) whose bundle the workspace is cloned from", 64))
            .optional("source", string("where an upload came from, e.g. laptop:/home/me/shop (informative)", 256))
            .component("Repository");

    static final RefSchema UPLOAD_REQUEST = object("An upload to come: the git bundle's size and SHA-256.")
            .required("size_bytes", integer("the bundle's size in bytes", 1, Long.MAX_VALUE))
            .required("sha256", string("the bundle's SHA-256, 64 lowercase hex digits", 64))
            .component("UploadRequest");

    static final RefSchema UPLOAD = object("An upload and how much of it has arrived.")
            .required("upload_id", string("upl-…"))
            .required("size_bytes", integer("announced size"))
            .required("received_bytes", integer("bytes received so far: the offset of the next part"))
            .required("sha256", string("announced SHA-256"))
            .required("complete", bool("every byte arrived and matched sha256; it can be named in POST /workspaces"))
            .required("part_bytes", integer("the largest part the server takes in one PUT"))
            .optional("workspace_id", ID)
            .required("created_at", dateTime("when it was announced"))
            .optional("expires_at", dateTime("when it is deleted unless a workspace is made from it first"))
            .component("Upload");

    static final RefSchema SSH_INFO = object("How to reach a workspace over SSH.")
            .required("host", string("host to connect to"))
            .required("port", integer("port"))
            .required("user", string("user (dev)"))
            .required("host_key_fingerprints", array("SHA256 fingerprints of the workspace's host keys", string("fingerprint")))
            .required("host_keys", array("the host keys (\"type base64\") to pin in known_hosts", string("key")))
            .component("SshInfo");

    static final RefSchema SERVICE_STATUS = object("One service of a workspace.")
            .required("status", wire("service state", ServiceState.class))
            .required("health", wire("last health check result", Health.class))
            .optional("port", integer("port inside the workspace"))
            .optional("mapped_port", integer("node port forwarded to it"))
            .optional("url", string("where it is reached once forwarded"))
            .optional("last_check", dateTime("time of the last health check"))
            .optional("restarts", integer("restarts so far"))
            .optional("message", string("why it failed or waits"))
            .component("ServiceStatus");

    static final RefSchema TIMELINE_ENTRY = object("One creation phase.")
            .required("phase", wire("phase", Phase.class))
            .required("started_at", dateTime("when it started"))
            .optional("duration_ms", integer("how long it took (absent while it runs)"))
            .component("TimelineEntry");

    static final RefSchema WORKSPACE_ERROR = object("Why a workspace is in error.")
            .required("code", string("stable code, e.g. clone_failed, service_unhealthy, instance_missing"))
            .required("message", string("what to do next"))
            .optional("phase", wire("phase it happened in", Phase.class))
            .required("details", freeForm("e.g. service, reason, log_tail"))
            .component("WorkspaceError");

    static final RefSchema NODE_REF = object("The node a workspace runs on.")
            .required("node_id", ID)
            .optional("name", string("node name"))
            .optional("host", string("node address"))
            .component("NodeRef");

    static final RefSchema REPO_STATE = object("Work in the clone that exists nowhere else.")
            .required("uncommitted_files", integer("changed files not committed"))
            .required("unpushed_commits", integer("commits on no remote"))
            .required("checked_at", dateTime("when the agent checked"))
            .component("RepoState");

    static final RefSchema WORKSPACE = object("Full status of a workspace.")
            .required("workspace_id", ID)
            .required("name", string("name, unique per owner"))
            .required("owner_id", ID)
            .optional("owner", string("owner's user name"))
            .required("status", wire("state (unknown while its node is offline)", WorkspaceState.class))
            .optional("phase", wire("current creation phase", Phase.class))
            .required("desired_state", wire("what the server asks the node for", DesiredState.class))
            .required("repository", REPOSITORY)
            .optional("provider", string("driver asked for"))
            .optional("image", string("image asked for"))
            .optional("node", NODE_REF)
            .optional("ssh", SSH_INFO)
            .required("services", map("services by name", SERVICE_STATUS))
            .required("timeline", array("creation phases with timings", TIMELINE_ENTRY))
            .optional("error", WORKSPACE_ERROR)
            .optional("repo_state", REPO_STATE)
            .required("created_at", dateTime("creation time"))
            .required("updated_at", dateTime("last change"))
            .optional("ready_at", dateTime("when it first ran"))
            .required("version", integer("grows with every change; pass to /events?since="))
            .component("Workspace");

    static final RefSchema WORKSPACE_LIST = object("One page of workspaces.")
            .required("workspaces", array("workspaces by name", WORKSPACE))
            .required("total", integer("matching workspaces in all pages"))
            .required("limit", integer("page size"))
            .required("offset", integer("page start"))
            .component("WorkspaceList");

    static final RefSchema WORKSPACE_EVENT = object("Answer of a long-poll on a workspace.")
            .required("version", integer("the workspace version"))
            .required("changed", bool("true: the version exceeds since; false: the wait ended first"))
            .required("workspace", WORKSPACE)
            .component("WorkspaceEvent");

    static final RefSchema CREATE_REQUEST = object("A workspace to create.")
            .required("name", string("^[a-z0-9][a-z0-9-]{0,62}$, unique among your workspaces", 63))
            .required("repo", REPOSITORY)
            .optional("provider", string("driver: lxc, incus, docker or sandbox (any when absent)", 32))
            .optional("image", string("image overriding the config's", 255))
            .optional("config", string(".nexus/config.yaml text used instead of the repository's", 262144))
            .optional("clone_token", string("token for cloning a private repository; kept in memory only", 1024))
            .component("CreateWorkspaceRequest");

    static final RefSchema CREATE_RESPONSE = object("An accepted creation.")
            .required("workspace_id", ID)
            .required("name", string("name"))
            .required("status", wire("state (pending)", WorkspaceState.class))
            .optional("ssh", SSH_INFO)
            .required("polling_url", string("path of the events long-poll, relative to the server URL"))
            .required("estimated_time_seconds", integer("expected seconds until running (recent average)"))
            .required("created_at", dateTime("creation time"))
            .component("CreateWorkspaceResponse");

    static final RefSchema STOP_REQUEST = object("Options of a stop.")
            .optional("force", bool("skip pre_stop and kill services at once"))
            .component("StopRequest");

    static final RefSchema SERVICES = object("A workspace's services.")
            .required("workspace_id", ID)
            .required("services", map("services by name", SERVICE_STATUS))
            .component("WorkspaceServices");

    static final RefSchema NODE_TOKEN_REQUEST = object("A node token to mint.")
            .required("name", string("the node's name (^[a-z0-9][a-z0-9-]{0,62}$, unique)", 63))
            .component("NodeTokenRequest");

    static final RefSchema NODE_TOKEN_RESPONSE = object("A node token, shown this once.")
            .required("token", string("nxn_…; give it to nexus-agent serve --token"))
            .required("name", string("the node's name"))
            .component("NodeTokenResponse");

    static final RefSchema INVITE_REQUEST = object("An invite to mint.")
            .required("username", string("the user name the invite creates (GitHub login rules)", 39))
            .component("InviteRequest");

    static final RefSchema INVITE_RESPONSE = object("A single-use invite, shown this once.")
            .required("invite_token", string("nxi_…; give it to the user for POST /users/register"))
            .required("username", string("the user it creates"))
            .required("expires_at", dateTime("when it stops working"))
            .component("InviteResponse");

    static final RefSchema CAPACITY = object("What a node offers.")
            .required("cpus", integer("CPUs"))
            .required("memory_mb", integer("memory in MiB"))
            .required("disk_mb", integer("disk in MiB"))
            .required("max_workspaces", integer("workspaces it accepts"))
            .component("Capacity");

    static final RefSchema PORT_RANGE = object("An inclusive port range.")
            .required("first", integer("first port", 1, 65535))
            .required("last", integer("last port", 1, 65535))
            .component("PortRange");

    static final RefSchema NODE_INFO = object("A node as the admin sees it.")
            .required("node_id", ID)
            .required("name", string("name (the node token's)"))
            .required("state", wire("online or offline", NodeState.class))
            .required("advertise_host", string("address clients use for its ports"))
            .required("drivers", array("drivers that work on it, best first", string("driver")))
            .required("capacity", CAPACITY)
            .required("ssh_ports", PORT_RANGE)
            .required("service_ports", PORT_RANGE)
            .required("workspaces", integer("workspaces on it"))
            .optional("last_heartbeat", dateTime("last sign of life"))
            .required("version", string("agent version"))
            .component("NodeInfo");

    static final RefSchema NODE_REMOVED = object("A removed node: its token is revoked and the server forgot it.")
            .optional("node_id", ID)
            .required("name", string("the node's (and its token's) name"))
            .required("workspaces_removed", integer("workspaces the server forgot with it (force only)"))
            .component("NodeRemoved");

    static final RefSchema NODE_LIST = object("Every node.")
            .required("nodes", array("nodes by name", NODE_INFO))
            .component("NodeList");

    static final RefSchema NODE_REGISTRATION = object("What an agent says about its node.")
            .required("name", string("host name (informative; the node is named after its token)", 253))
            .required("advertise_host", string("address clients use for the node's ports", 255))
            .required("drivers", array("drivers that work here, best first", string("driver", 32)))
            .required("capacity", CAPACITY)
            .optional("ssh_ports", PORT_RANGE)
            .optional("service_ports", PORT_RANGE)
            .required("version", string("agent version", 64))
            .component("NodeRegistration");

    static final RefSchema NODE_REGISTERED = object("The node id and the liveness contract.")
            .required("node_id", ID)
            .required("heartbeat_interval_seconds", integer("send a heartbeat this often"))
            .required("node_timeout_seconds", integer("silence after which the node is offline"))
            .component("NodeRegistered");

    static final RefSchema HEARTBEAT = object("Proof of life and load.")
            .optional("instances", integer("Nexus instances on the node"))
            .optional("memory_available_mb", integer("available memory in MiB"))
            .optional("load_average", number("1-minute load average"))
            .component("Heartbeat");

    static final RefSchema WORKSPACE_SPEC = object("Desired state of one workspace on a node.")
            .required("workspace_id", ID)
            .required("name", string("workspace name"))
            .required("owner_id", ID)
            .optional("owner", string("owner's user name"))
            .required("desired_state", wire("what to converge to", DesiredState.class))
            .required("generation", integer("grows with every change of this spec"))
            .required("restart_generation", integer("grows with every restart request"))
            .required("repo", REPOSITORY)
            .optional("provider", string("driver asked for"))
            .optional("image", string("image asked for"))
            .optional("config", string("config.yaml text given at creation"))
            .required("ssh_port", integer("node port to forward to the workspace's sshd"))
            .required("service_ports", array("node ports for services, in config order", integer("port")))
            .required("authorized_keys", array("the owner's SSH keys, authorized_keys lines", string("key line")))
            .optional("clone_token", string("credential for a private clone (memory only, may be absent)"))
            .required("force", bool("stop: skip pre_stop; delete: even with unsaved work"))
            .component("WorkspaceSpec");

    static final RefSchema ASSIGNMENTS = object("Every workspace of a node.")
            .required("version", integer("grows with every change; pass back as since"))
            .required("workspaces", array("specs", WORKSPACE_SPEC))
            .component("Assignments");

    static final RefSchema OBSERVED_WORKSPACE = object("What an agent observes of one workspace.")
            .required("workspace_id", ID)
            .required("generation", integer("spec generation the agent converged (or converges) to"))
            .required("state", wire("observed state; deleted confirms nothing is left", WorkspaceState.class))
            .optional("phase", wire("creation phase", Phase.class))
            .optional("ip", string("workspace address on the node", 64))
            .optional("services", map("services by name", SERVICE_STATUS))
            .optional("timeline", array("phases after scheduled, with timings", TIMELINE_ENTRY))
            .optional("host_keys", array("host keys, \"type base64\"", string("key", 16384)))
            .optional("host_key_fingerprints", array("their SHA256 fingerprints", string("fingerprint", 128)))
            .optional("error", WORKSPACE_ERROR)
            .optional("repo_state", REPO_STATE)
            .component("ObservedWorkspace");

    static final RefSchema STATUS_REPORT = object("Observations of some or all of a node's workspaces.")
            .optional("complete", bool("true: the list is every Nexus instance on the node"))
            .required("workspaces", array("observations", OBSERVED_WORKSPACE))
            .component("StatusReport");
}
