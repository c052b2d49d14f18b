package nexus.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonWritable;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.Capacity;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistered;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.PortRange;
import nexus.core.protocol.StatusReport;
import nexus.core.protocol.WorkspaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record of the API and agent protocol survives write → parse → read unchanged, and rejects bad shapes. */
class ApiModelRoundTripTest {
    static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123Z");
    static final Instant T1 = Instant.parse("2026-11-21T10:15:42Z");

    static final Repository REPO = new Repository("https://github.com/acme/shop.git", "acme", "shop", "main");
    static final SshInfo SSH = new SshInfo("node1.example.com", 2222, "dev", List.of("SHA256:abc"), List.of("ssh-ed25519 AAAAC3Nza host"));
    static final ServiceStatus WEB = new ServiceStatus(ServiceState.RUNNING, Health.HEALTHY, 5173, 23001,
            "http://localhost:23001", T1, 0, null);
    static final ServiceStatus DB = new ServiceStatus(ServiceState.FAILED, Health.UNHEALTHY, 5432, null, null, null, 3, "exited 1");
    static final WorkspaceError ERROR = new WorkspaceError("service_unhealthy", "api failed its health check; see its log",
            Phase.SERVICES, JsonObject.builder().put("service", "api").putStrings("log_tail", List.of("boom")).build());
    static final Workspace WORKSPACE = new Workspace("ws-aaaaaaaaaaaaaaaaaaaa", "shop", "user-bbbbbbbbbbbbbbbbbbbb", "alice",
            WorkspaceState.ERROR, Phase.SERVICES, DesiredState.RUNNING, REPO, "lxc", "debian-12",
            new NodeRef("node-cccccccccccccccccccc", "node1", "node1.example.com"), SSH, Map.of("web", WEB, "db", DB),
            List.of(new TimelineEntry(Phase.SCHEDULED, T0, 12L), new TimelineEntry(Phase.SERVICES, T1, null)), ERROR,
            new RepoState(2, 1, T1), T0, T1, null, 7);
    static final Workspace MINIMAL = new Workspace("ws-aaaaaaaaaaaaaaaaaaaa", "shop", "user-b", null, WorkspaceState.PENDING,
            null, DesiredState.RUNNING, new Repository("/srv/repos/shop", null, null, null), null, null, null, null,
            Map.of(), List.of(), null, null, T0, T0, null, 1);
    static final WorkspaceSpec SPEC = new WorkspaceSpec("ws-a", "shop", "user-b", "alice", DesiredState.STOPPED, 4, 1, REPO,
            "lxc", null, "version: 1\n", 2222, List.of(23000, 23001), List.of("ssh-ed25519 AAAA alice"), null, true);

    static Stream<Arguments> records() {
        return Stream.of(
                of(REPO, Repository::fromJson),
                of(new Repository("file:///srv/r", null, null, null), Repository::fromJson),
                of(new Repository(null, null, "shop", "feature", "upl-aaaaaaaaaaaaaaaaaaaa", "laptop:/home/me/shop"), Repository::fromJson),
                of(new UploadRequest(1234, "ab".repeat(32)), UploadRequest::fromJson),
                of(new Upload("upl-aaaaaaaaaaaaaaaaaaaa", 1234, 1000, "ab".repeat(32), false, 8 << 20, null, T1, T1), Upload::fromJson),
                of(new Upload("upl-aaaaaaaaaaaaaaaaaaaa", 1234, 1234, "ab".repeat(32), true, 8 << 20, "ws-x", T1, null), Upload::fromJson),
                of(SSH, SshInfo::fromJson),
                of(WEB, ServiceStatus::fromJson),
                of(DB, ServiceStatus::fromJson),
                of(new TimelineEntry(Phase.CLONE, T0, 1500L), TimelineEntry::fromJson),
                of(ERROR, WorkspaceError::fromJson),
                of(new WorkspaceError("clone_failed", "x", null, null), WorkspaceError::fromJson),
                of(new NodeRef("node-c", "n", "h"), NodeRef::fromJson),
                of(new RepoState(0, 0, T0), RepoState::fromJson),
                of(WORKSPACE, Workspace::fromJson),
                of(MINIMAL, Workspace::fromJson),
                of(new WorkspaceList(List.of(WORKSPACE, MINIMAL), 12, 2, 4), WorkspaceList::fromJson),
                of(new WorkspaceEvent(7, true, WORKSPACE), WorkspaceEvent::fromJson),
                of(new CreateWorkspaceRequest("shop", REPO, "lxc", null, "version: 1", null), CreateWorkspaceRequest::fromJson),
                of(new CreateWorkspaceResponse("ws-a", "shop", WorkspaceState.PENDING, SSH, "/api/v1/workspaces/ws-a", 60, T0),
                        CreateWorkspaceResponse::fromJson),
                of(new ErrorBody("invalid_request", "name is required", JsonObject.builder().put("field", "name").build(), "req-1"),
                        ErrorBody::fromJson),
                of(new HealthStatus("ok", "0.1.0", 12, 1, 0), HealthStatus::fromJson),
                of(new RegisterUserRequest("gho_x", null, "ssh-ed25519 AAAA"), RegisterUserRequest::fromJson),
                of(new RegisterUserResponse("user-b", "alice", "SHA256:x", "nxu_secret", T0), RegisterUserResponse::fromJson),
                of(new SshKey("SHA256:x", "ssh-ed25519", "ssh-ed25519 AAAA c", "c", T0), SshKey::fromJson),
                of(new AddKeyRequest("ssh-ed25519 AAAA"), AddKeyRequest::fromJson),
                of(new UserProfile("user-b", "alice", List.of(new SshKey("SHA256:x", "ssh-rsa", "ssh-rsa AAAA", null, T0)), T0),
                        UserProfile::fromJson),
                of(new InviteRequest("bob"), InviteRequest::fromJson),
                of(new InviteResponse("nxi_x", "bob", T1), InviteResponse::fromJson),
                of(new NodeTokenRequest("node1"), NodeTokenRequest::fromJson),
                of(new NodeTokenResponse("nxn_x", "node1"), NodeTokenResponse::fromJson),
                of(new TokenInfo("tok-a", "GitHub registration from 10.0.0.2", T0, T1, T1, true), TokenInfo::fromJson),
                of(new TokenInfo("tok-b", "invite registration", T0, null, null, false), TokenInfo::fromJson),
                of(new NodeRemoved("node-a", "box-2", 3), NodeRemoved::fromJson),
                of(new NodeRemoved(null, "never-registered", 0), NodeRemoved::fromJson),
                of(new StopRequest(true), StopRequest::fromJson),
                of(new NodeInfo("node-c", "node1", NodeState.ONLINE, "10.0.0.5", List.of("lxc", "sandbox"),
                        new Capacity(2, 24000, 100000, 70), PortRange.DEFAULT_SSH, PortRange.DEFAULT_SERVICES, 3, T1, "0.1.0"),
                        NodeInfo::fromJson),
                of(new PortRange(3000, 3001), PortRange::fromJson),
                of(new Capacity(2, 1024, 2048, 10), Capacity::fromJson),
                of(new NodeRegistration("node1", "10.0.0.5", List.of("lxc"), new Capacity(2, 1024, 2048, 10),
                        new PortRange(2300, 2399), PortRange.DEFAULT_SERVICES, "0.1.0"), NodeRegistration::fromJson),
                of(new NodeRegistered("node-c", 10, 30), NodeRegistered::fromJson),
                of(new Heartbeat(3, 20000, 0.25), Heartbeat::fromJson),
                of(SPEC, WorkspaceSpec::fromJson),
                of(new Assignments(9, List.of(SPEC)), Assignments::fromJson),
                of(new ObservedWorkspace("ws-a", 4, WorkspaceState.RUNNING, Phase.READY, "10.77.0.5", Map.of("web", WEB),
                        List.of(new TimelineEntry(Phase.READY, T1, 0L)), List.of("ssh-ed25519 AAAA"), List.of("SHA256:x"), null,
                        new RepoState(1, 0, T1)), ObservedWorkspace::fromJson),
                of(new StatusReport(true, List.of()), StatusReport::fromJson));
    }

    private static <T extends JsonWritable> Arguments of(T value, Function<JsonObject, T> reader) {
        return Arguments.of(value.getClass().getSimpleName(), value, reader);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends JsonWritable> void roundTrips(String type, T value, Function<JsonObject, T> reader) {
        String json = JsonCodec.write(value.toJson());
        assertEquals(value, reader.apply(JsonCodec.parseObject(json)), json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends JsonWritable> void ignoresUnknownFields(String type, T value, Function<JsonObject, T> reader) {
        String json = JsonCodec.write(value.toJson());
        String extended = "{\"zz_future_field\":{\"nested\":[1,2]}," + json.substring(1);
        assertEquals(value, reader.apply(JsonCodec.parseObject(extended)));
    }

    @Test
    void missingRequiredFieldIsNamed() {
        JsonException e = assertThrows(JsonException.class,
                () -> Workspace.fromJson(JsonCodec.parseObject("{\"workspace_id\":\"ws-a\"}")));
        assertEquals("$.name: required field is missing", e.getMessage());
    }

    @Test
    void wrongNestedTypeIsNamedWithItsPath() {
        String json = JsonCodec.write(WORKSPACE.toJson()).replace("\"port\":2222", "\"port\":\"2222\"");
        JsonException e = assertThrows(JsonException.class, () -> Workspace.fromJson(JsonCodec.parseObject(json)));
        assertEquals("$.ssh.port: expected an integer, got a string", e.getMessage());
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        JsonException e = assertThrows(JsonException.class,
                () -> TimelineEntry.fromJson(JsonCodec.parseObject("{\"phase\":\"warp\",\"started_at\":\"2026-01-01T00:00:00Z\"}")));
        assertTrue(e.getMessage().startsWith("$.phase: unknown value \"warp\"; expected one of scheduled, image"), e.getMessage());
    }

    @Test
    void badTimestampIsExplained() {
        JsonException e = assertThrows(JsonException.class,
                () -> TimelineEntry.fromJson(JsonCodec.parseObject("{\"phase\":\"clone\",\"started_at\":\"yesterday\"}")));
        assertTrue(e.getMessage().startsWith("$.started_at: expected an RFC 3339 UTC time"), e.getMessage());
    }

    @Test
    void serviceErrorsInsideAMapNameTheService() {
        String json = "{\"workspace_id\":\"ws-a\",\"generation\":1,\"state\":\"running\",\"services\":{\"web\":{\"status\":\"bogus\",\"health\":\"none\"}}}";
        JsonException e = assertThrows(JsonException.class, () -> ObservedWorkspace.fromJson(JsonCodec.parseObject(json)));
        assertTrue(e.getMessage().startsWith("$.services.web.status: unknown value"), e.getMessage());
    }

    @Test
    void invalidPortRangeIsAJsonError() {
        JsonException e = assertThrows(JsonException.class,
                () -> PortRange.fromJson(JsonCodec.parseObject("{\"first\":3000,\"last\":2000}")));
        assertTrue(e.getMessage().contains("first <= last"), e.getMessage());
    }

    @Test
    void timesAreWrittenInUtcWithMilliseconds() {
        String json = JsonCodec.write(new TimelineEntry(Phase.CLONE, T1, 5L).toJson());
        assertEquals("{\"phase\":\"clone\",\"started_at\":\"2026-11-21T10:15:42.000Z\",\"duration_ms\":5}", json);
    }

    @Test
    void healthNestsNodeCounts() {
        assertEquals("{\"status\":\"ok\",\"version\":\"1\",\"uptime_seconds\":3,\"nodes\":{\"online\":1,\"offline\":2}}",
                JsonCodec.write(new HealthStatus("ok", "1", 3, 1, 2).toJson()));
    }

    @Test
    void aFailuresOutputTailIsReadAsTheNodeSendsIt() {
        WorkspaceError hook = WorkspaceError.fromJson(JsonCodec.parseObject(
                "{\"code\":\"setup_failed\",\"message\":\"m\",\"details\":{\"hook\":\"pre_start\",\"log_tail\":[\"npm ERR! one\",\"npm ERR! two\"]}}"));
        assertEquals(List.of("npm ERR! one", "npm ERR! two"), hook.outputTail());
        WorkspaceError clone = WorkspaceError.fromJson(JsonCodec.parseObject(
                "{\"code\":\"clone_failed\",\"message\":\"m\",\"details\":{\"output_tail\":[\"fatal: no such branch\"]}}"));
        assertEquals(List.of("fatal: no such branch"), clone.outputTail());
        assertEquals(List.of("a", "b"), WorkspaceError.fromJson(JsonCodec.parseObject(
                "{\"code\":\"x\",\"message\":\"m\",\"details\":{\"log_tail\":\"a\\nb\"}}")).outputTail(), "an older server's text");
        assertEquals(List.of(), new WorkspaceError("x", "m", null, null).outputTail());
    }
}
