package nexus.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import nexus.agent.TestNode;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwards on a real bridge with real iptables rules: who can reach a node port, and that rules go away. */
@SystemTest({HostRequirement.ROOT, HostRequirement.IPROUTE, HostRequirement.IPTABLES})
class PortForwardsTest {
    private static final String WORKSPACE = "ws-portforwardstest";

    @Test
    void unpublishedForwardsAnswerOnLoopbackOnlyAndPublishedOnesEverywhere(@TempDir Path state) throws IOException {
        Subnet subnet = TestNode.freeSubnet();
        NodeNetwork network = new NodeNetwork("nxt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36),
                subnet, state, false);
        String gateway = Subnet.format(subnet.gateway());
        network.ensure();
        // The forward's target listens on the bridge's own address; the gateway is also a non-loopback address of
        // this host, which is what a client on the network would connect to.
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName(gateway))) {
            int nodePort = TestNode.freePort();
            network.forwards().apply(WORKSPACE, List.of(new PortForward(nodePort, gateway, target.getLocalPort(), false)));
            assertReaches("127.0.0.1", nodePort, target);
            assertThrows(ConnectException.class, () -> connect(gateway, nodePort));

            network.forwards().apply(WORKSPACE, List.of(new PortForward(nodePort, gateway, target.getLocalPort(), true)));
            assertEquals(List.of(new PortForward(nodePort, gateway, target.getLocalPort(), true)), network.forwards().of(WORKSPACE));
            assertReaches(gateway, nodePort, target);
            assertReaches("127.0.0.1", nodePort, target);

            network.forwards().remove(WORKSPACE);
            assertEquals(List.of(), network.forwards().of(WORKSPACE));
            assertThrows(ConnectException.class, () -> connect("127.0.0.1", nodePort));
        } finally {
            network.forwards().remove(WORKSPACE);
            network.teardown();
        }
    }

    private static void assertReaches(String host, int port, ServerSocket target) throws IOException {
        try (Socket client = connect(host, port); Socket accepted = target.accept()) {
            client.getOutputStream().write(42);
            assertEquals(42, accepted.getInputStream().read());
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 2000);
        return s;
    }
}
