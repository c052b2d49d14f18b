package nexus.agent.network;

import java.util.List;

/**
 * The agent's iptables chains for one bridge, named after it so agents on different bridges never touch each
 * other's rules:
 * <ul>
 * <li>nat {@code NEXUS-<bridge>-DNAT}, entered from PREROUTING and OUTPUT for traffic to any local address:
 *     the per-workspace port forwards ({@link PortForwards});</li>
 * <li>nat {@code NEXUS-<bridge>-POST}: masquerade workspace traffic leaving the host (clones, package installs)
 *     and loopback-sourced forwarded traffic (so a workspace answers 127.0.0.1 clients through the host);</li>
 * <li>filter {@code NEXUS-<bridge>-FWD}, first in FORWARD: no routing between workspaces, only forwarded
 *     (DNAT) or established traffic into them, anything out of them.</li>
 * </ul>
 */
public final class Firewall {
    private final String bridge;
    private final Subnet subnet;

    public Firewall(String bridge, Subnet subnet) {
        this.bridge = bridge;
        this.subnet = subnet;
    }

    String dnatChain() {
        return "NEXUS-" + bridge + "-DNAT";
    }

    private String postChain() {
        return "NEXUS-" + bridge + "-POST";
    }

    private String forwardChain() {
        return "NEXUS-" + bridge + "-FWD";
    }

    public void ensure() {
        Iptables.ensureChain("nat", dnatChain());
        Iptables.ensureChain("nat", postChain());
        Iptables.ensureChain("filter", forwardChain());
        setRules("nat", postChain(), List.of(
                List.of("-s", subnet.toString(), "!", "-o", bridge, "-j", "MASQUERADE"),
                List.of("-s", "127.0.0.0/8", "-o", bridge, "-j", "MASQUERADE")));
        setRules("filter", forwardChain(), List.of(
                List.of("-i", bridge, "-o", bridge, "-j", "DROP"),
                List.of("-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"),
                List.of("-o", bridge, "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT"),
                List.of("-o", bridge, "-j", "DROP"),
                List.of("-i", bridge, "-j", "ACCEPT")));
        for (List<String> jump : jumps()) {
            Iptables.ensureRule(jump.get(0), jump.get(1), jump.get(1).equals("FORWARD"), jump.subList(2, jump.size()));
        }
    }

    /** Removes the chains and the jumps into them. */
    public void teardown() {
        for (List<String> jump : jumps()) {
            Iptables.deleteRule(jump.get(0), jump.get(1), jump.subList(2, jump.size()));
        }
        Iptables.deleteChain("nat", dnatChain());
        Iptables.deleteChain("nat", postChain());
        Iptables.deleteChain("filter", forwardChain());
    }

    /** table, chain, rule… */
    private List<List<String>> jumps() {
        List<String> local = List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", dnatChain());
        return List.of(
                concat(List.of("nat", "PREROUTING"), local),
                concat(List.of("nat", "OUTPUT"), local),
                List.of("nat", "POSTROUTING", "-j", postChain()),
                List.of("filter", "FORWARD", "-j", forwardChain()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Makes a chain hold exactly these rules, in order; rewrites it only when it differs. */
    private static void setRules(String table, String chain, List<List<String>> rules) {
        List<List<String>> present = Iptables.rules(table, chain);
        boolean same = present.size() == rules.size();
        for (int i = 0; same && i < rules.size(); i++) {
            same = normalized(present.get(i)).equals(normalized(rules.get(i)));
        }
        if (same) {
            return;
        }
        for (List<String> rule : present) {
            Iptables.deleteRule(table, chain, rule);
        }
        for (List<String> rule : rules) {
            Iptables.ensureRule(table, chain, false, rule);
        }
    }

    /** iptables -S spells a few things differently from how they were written (e.g. adds "-m tcp"). */
    private static List<String> normalized(List<String> rule) {
        return rule.stream().filter(w -> !w.equals("-m") && !w.equals("conntrack") && !w.equals("tcp")).toList();
    }
}
