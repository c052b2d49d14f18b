package nexus.agent.network;

import java.util.Locale;

/**
 * A workspace's place on the Nexus bridge: a static address and everything derived from it. The MAC address is a
 * function of the IP address, so an address that is handed out again always comes with the same MAC and no
 * neighbour ever holds a stale ARP entry for it; the host-side interface name is derived the same way and fits
 * the kernel's 15-character limit.
 */
public record Attachment(String bridge, Subnet subnet, int address) {

    public Attachment {
        if (!subnet.contains(address) || address < subnet.firstHost() || address > subnet.lastHost()) {
            throw new IllegalArgumentException(Subnet.format(address) + " is not a workspace address in " + subnet);
        }
    }

    public String ip() {
        return Subnet.format(address);
    }

    /** "10.77.0.5/16" */
    public String cidr() {
        return ip() + "/" + subnet.prefix();
    }

    public String gateway() {
        return Subnet.format(subnet.gateway());
    }

    /** Locally administered unicast MAC 02:00 followed by the four address bytes. */
    public String mac() {
        return String.format(Locale.ROOT, "02:00:%02x:%02x:%02x:%02x",
                address >>> 24, address >>> 16 & 255, address >>> 8 & 255, address & 255);
    }

    /** Host end of the workspace's veth pair: "nx" and the address in hex, unique on the host. */
    public String hostInterface() {
        return String.format(Locale.ROOT, "nx%08x", address);
    }
}
