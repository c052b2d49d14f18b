package nexus.agent.network;

/**
 * An IPv4 network of the Nexus bridge, e.g. 10.77.0.0/16. The first host address is the bridge (the workspaces'
 * gateway); workspaces get the others. Addresses are plain ints here: the agent only ever does arithmetic on them.
 */
public record Subnet(int network, int prefix) {

    public Subnet {
        if (prefix < 8 || prefix > 28) {
            throw new IllegalArgumentException("subnet prefix must be between /8 and /28, got /" + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefix + " is not a network address; did you mean "
                    + format(network & mask(prefix)) + "/" + prefix + "?");
        }
    }

    /** Parses "10.77.0.0/16". */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected a subnet like 10.77.0.0/16, got \"" + cidr + "\"");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a subnet like 10.77.0.0/16, got \"" + cidr + "\"");
        }
        return new Subnet(parseAddress(cidr.substring(0, slash)), prefix);
    }

    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        int value = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            if (octet < 0 || octet > 255 || p.length() > 3) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The bridge's own address: the first host address. */
    public int gateway() {
        return network + 1;
    }

    public int firstHost() {
        return network + 2;
    }

    public int lastHost() {
        return (network | ~mask(prefix)) - 1;
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    public boolean overlaps(Subnet other) {
        int common = mask(Math.min(prefix, other.prefix));
        return (network & common) == (other.network & common);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
