package nexus.agent.network;

/** Node port {@code hostPort} forwarded to {@code address:port} on the bridge. */
public record PortForward(int hostPort, String address, int port) {

    public String destination() {
        return address + ":" + port;
    }
}
