package nexus.agent.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per-workspace port forwards as DNAT rules in the agent's nat chain (see {@link Firewall}). Each rule carries
 * the comment {@code nexus:<workspace id>} so the agent can restore, compare and remove exactly its own rules.
 * The kernel does the forwarding: forwards keep working while the agent is down or restarting, and cost no
 * more than a direct connection.
 */
public final class PortForwards {
    private final Firewall firewall;

    public PortForwards(Firewall firewall) {
        this.firewall = firewall;
    }

    /** Makes the workspace's forwards exactly {@code forwards}. */
    public synchronized void apply(String workspaceId, List<PortForward> forwards) {
        Set<PortForward> wanted = new HashSet<>(forwards);
        for (Rule rule : rules()) {
            if (rule.workspaceId().equals(workspaceId) && !wanted.remove(rule.forward())) {
                Iptables.deleteRule("nat", firewall.dnatChain(), rule.words());
            } else if (!rule.workspaceId().equals(workspaceId) && wanted.stream().anyMatch(f -> f.hostPort() == rule.forward().hostPort())) {
                throw new IllegalStateException("node port " + rule.forward().hostPort() + " is already forwarded to workspace "
                        + rule.workspaceId());
            }
        }
        for (PortForward f : forwards) {
            if (wanted.contains(f)) {
                Iptables.ensureRule("nat", firewall.dnatChain(), false, words(workspaceId, f));
            }
        }
    }

    public synchronized void remove(String workspaceId) {
        for (Rule rule : rules()) {
            if (rule.workspaceId().equals(workspaceId)) {
                Iptables.deleteRule("nat", firewall.dnatChain(), rule.words());
            }
        }
    }

    /** Removes the forwards of every workspace not in {@code workspaceIds} (left over from a crash). */
    public synchronized void retainOnly(Set<String> workspaceIds) {
        for (Rule rule : rules()) {
            if (!workspaceIds.contains(rule.workspaceId())) {
                Iptables.deleteRule("nat", firewall.dnatChain(), rule.words());
            }
        }
    }

    /** The forwards currently in the kernel for a workspace. */
    public synchronized List<PortForward> of(String workspaceId) {
        return rules().stream().filter(r -> r.workspaceId().equals(workspaceId)).map(Rule::forward).toList();
    }

    private static List<String> words(String workspaceId, PortForward f) {
        List<String> words = new ArrayList<>();
        if (!f.published()) {
            words.addAll(List.of("-d", PortForward.LOOPBACK));
        }
        words.addAll(List.of("-p", "tcp", "--dport", Integer.toString(f.hostPort()), "-m", "comment", "--comment",
                "nexus:" + workspaceId, "-j", "DNAT", "--to-destination", f.destination()));
        return words;
    }

    private List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (List<String> words : Iptables.rules("nat", firewall.dnatChain())) {
            String comment = after(words, "--comment");
            String port = after(words, "--dport");
            String to = after(words, "--to-destination");
            if (comment == null || !comment.startsWith("nexus:") || port == null || to == null || !to.contains(":")) {
                continue;
            }
            int colon = to.lastIndexOf(':');
            rules.add(new Rule(comment.substring(6), new PortForward(Integer.parseInt(port), to.substring(0, colon),
                    Integer.parseInt(to.substring(colon + 1)), !PortForward.LOOPBACK.equals(after(words, "-d"))), words));
        }
        return rules;
    }

    private static String after(List<String> words, String flag) {
        int i = words.indexOf(flag);
        return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : null;
    }

    private record Rule(String workspaceId, PortForward forward, List<String> words) {}
}
