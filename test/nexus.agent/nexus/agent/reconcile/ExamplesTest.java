package nexus.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import nexus.agent.NodeFixture;
import nexus.agent.TestNode;
import nexus.core.api.Health;
import nexus.core.api.ServiceStatus;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.WorkspaceSpec;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples without a config come up as detected, on the base image, without reaching PyPI or npm. */
@SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.GIT, HostRequirement.IPROUTE})
class ExamplesTest {
    @RegisterExtension
    static final NodeFixture FIXTURE = new NodeFixture("lxc");

    @ParameterizedTest
    @CsvSource({"hello-python, /api/hello, Hello from Flask!", "static-site, /, static-site"})
    void detectedExampleServesThroughItsNodePort(String example, String path, String expected) throws Exception {
        TestNode node = FIXTURE.node();
        WorkspaceSpec spec = node.spec(TestNode.example(example).toString(), NodeFixture.UNUSED_KEY, 8);
        node.apply(spec);
        ObservedWorkspace ws = node.await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        ServiceStatus web = ws.services().get("web");
        assertEquals(Health.HEALTHY, web.health(), ws.services().toString());
        assertEquals(spec.servicePorts().getFirst(), web.mappedPort());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.mappedPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains(expected), r.body());
        }
    }
}
