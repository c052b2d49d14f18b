package nexus.agent.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nexus.core.util.ProcessRunner;

/**
 * The few iptables operations the agent needs, each safe to repeat: create a chain if missing, add a rule if
 * missing, delete a rule if present, list a chain. {@code -w} waits for the xtables lock other tools may hold.
 */
final class Iptables {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Iptables() {}

    static void ensureChain(String table, String chain) {
        if (!run(table, "-n", "-L", chain).ok()) {
            ProcessRunner.Result r = run(table, "-N", chain);
            if (!r.ok() && !run(table, "-n", "-L", chain).ok()) {
                throw failure("create chain " + chain, r);
            }
        }
    }

    /** Appends (or, with {@code first}, inserts at the top) a rule unless an identical one exists. */
    static void ensureRule(String table, String chain, boolean first, List<String> rule) {
        if (has(table, chain, rule)) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(first ? "-I" : "-A", chain));
        if (first) {
            args.add("1");
        }
        args.addAll(rule);
        ProcessRunner.Result r = run(table, args.toArray(String[]::new));
        if (!r.ok()) {
            throw failure("add rule to " + chain, r);
        }
    }

    static boolean has(String table, String chain, List<String> rule) {
        List<String> args = new ArrayList<>(List.of("-C", chain));
        args.addAll(rule);
        return run(table, args.toArray(String[]::new)).ok();
    }

    static void deleteRule(String table, String chain, List<String> rule) {
        while (has(table, chain, rule)) {
            List<String> args = new ArrayList<>(List.of("-D", chain));
            args.addAll(rule);
            ProcessRunner.Result r = run(table, args.toArray(String[]::new));
            if (!r.ok()) {
                throw failure("delete rule from " + chain, r);
            }
        }
    }

    /** The rules of a chain as argument lists (without "-A CHAIN"); empty if the chain does not exist. */
    static List<List<String>> rules(String table, String chain) {
        ProcessRunner.Result r = run(table, "-S", chain);
        if (!r.ok()) {
            return List.of();
        }
        List<List<String>> rules = new ArrayList<>();
        String prefix = "-A " + chain + " ";
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith(prefix)) {
                // Nexus rules have no spaces inside words; iptables-nft still quotes comments, so drop the quotes.
                rules.add(Arrays.stream(line.substring(prefix.length()).strip().split(" +"))
                        .map(w -> w.length() > 1 && w.startsWith("\"") && w.endsWith("\"") ? w.substring(1, w.length() - 1) : w)
                        .toList());
            }
        }
        return rules;
    }

    static void deleteChain(String table, String chain) {
        if (run(table, "-n", "-L", chain).ok()) {
            run(table, "-F", chain);
            ProcessRunner.Result r = run(table, "-X", chain);
            if (!r.ok()) {
                throw failure("delete chain " + chain, r);
            }
        }
    }

    private static ProcessRunner.Result run(String table, String... args) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-t", table));
        command.addAll(List.of(args));
        return ProcessRunner.of(command).timeout(TIMEOUT).run();
    }

    private static IllegalStateException failure(String what, ProcessRunner.Result r) {
        return new IllegalStateException("iptables could not " + what + ": " + r.stderr().strip());
    }
}
