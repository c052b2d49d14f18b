package nexus.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nexus.agent.NodeFixture;
import nexus.agent.TestNode;
import nexus.agent.driver.CgroupLimits;
import nexus.core.api.WorkspaceState;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;

/** resources.cpu and resources.memory from the config become cgroup limits of the workspace, on both drivers. */
class LimitsTest {
    private static final String CONFIG = """
            resources: {cpu: 1, memory: 256MB}
            services: {}
            """;

    @Test
    @SystemTest({HostRequirement.ROOT, HostRequirement.LXC, HostRequirement.DEBOOTSTRAP, HostRequirement.GIT, HostRequirement.IPROUTE})
    void lxcContainersGetTheirLimitsNowAndAtEveryStart() throws Exception {
        try (TestNode node = TestNode.start("lxc")) {
            WorkspaceSpec spec = start(node);
            String name = "nexus-" + spec.workspaceId();
            String lxcPath = node.options.stateDir().resolve("lxc").toString();
            String memory = CgroupLimits.detect().v1() ? "memory.limit_in_bytes" : "memory.max";
            assertEquals(Long.toString(256L << 20), ProcessRunner.of("lxc-cgroup", "-n", name, "-P", lxcPath, memory).check().stdout().strip());
            node.apply(TestNode.with(spec, nexus.core.api.DesiredState.STOPPED, 2));
            node.await(spec.workspaceId(), WorkspaceState.STOPPED, 2, Duration.ofMinutes(1));
            node.apply(TestNode.with(spec, nexus.core.api.DesiredState.RUNNING, 3));
            node.await(spec.workspaceId(), WorkspaceState.RUNNING, 3, Duration.ofMinutes(1));
            assertEquals(Long.toString(256L << 20), ProcessRunner.of("lxc-cgroup", "-n", name, "-P", lxcPath, memory).check().stdout().strip(),
                    "the limit is in the container's config, so it holds after a restart");
        }
    }

    @Test
    @SystemTest({HostRequirement.ROOT, HostRequirement.BWRAP, HostRequirement.SSHD, HostRequirement.GIT, HostRequirement.IPROUTE})
    void sandboxesRunInACgroupWithTheLimits() throws Exception {
        try (TestNode node = TestNode.start("sandbox")) {
            WorkspaceSpec spec = start(node);
            CgroupLimits cgroups = CgroupLimits.detect();
            String memory = cgroups.v1() ? "memory.limit_in_bytes" : "memory.max";
            Path group = (cgroups.v1() ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup"))
                    .resolve("nexus-sandbox").resolve("nexus-" + spec.workspaceId());
            assertEquals(Long.toString(256L << 20), Files.readString(group.resolve(memory)).strip());
            String shell = node.exec(spec.workspaceId(), "sh", "-c", "cat /proc/self/cgroup");
            assertEquals(true, shell.contains("nexus-sandbox/nexus-" + spec.workspaceId()), shell);
        }
    }

    private static WorkspaceSpec start(TestNode node) throws Exception {
        WorkspaceSpec spec = TestNode.withConfig(node.spec(TestNode.example("static-site").toString(), NodeFixture.UNUSED_KEY, 1), CONFIG);
        node.apply(spec);
        node.await(spec.workspaceId(), WorkspaceState.RUNNING, 1, Duration.ofMinutes(10));
        return spec;
    }
}
