package nexus.agent.network;

/**
 * Node port {@code hostPort} forwarded to {@code address:port} on the bridge. A {@code published} forward answers
 * on every address of the node; otherwise only on 127.0.0.1, so a workspace's services are not open to the
 * network unless the node operator asks for it (DESIGN §6: the laptop reaches them through SSH forwards).
 */
public record PortForward(int hostPort, String address, int port, boolean published) {
    static final String LOOPBACK = "127.0.0.1/32";

    public String destination() {
        return address + ":" + port;
    }
}
