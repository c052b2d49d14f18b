package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nexus.cli.CliRun;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help and the completion scripts come from the one command tree; bash's completion is exercised in a real bash. */
class HelpAndCompletionTest {
    @TempDir
    Path tmp;

    static List<List<String>> allCommands(CommandSpec spec, List<String> path) {
        List<List<String>> out = new ArrayList<>();
        if (spec.hidden()) {
            return out;
        }
        out.add(path);
        for (CommandSpec c : spec.children()) {
            List<String> p = new ArrayList<>(path);
            p.add(c.name());
            out.addAll(allCommands(c, p));
        }
        return out;
    }

    @Test
    void everyCommandHasHelpThroughFlagAndHelpCommand() {
        CliRun cli = new CliRun(tmp);
        for (List<String> path : allCommands(CommandTree.root(), List.of())) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun.Result viaFlag = cli.run(args.toArray(String[]::new));
            assertEquals(0, viaFlag.exit(), viaFlag.toString());
            assertTrue(viaFlag.stdout().contains("Usage: nexus"), viaFlag.toString());
            List<String> helpArgs = new ArrayList<>(List.of("help"));
            helpArgs.addAll(path);
            assertEquals(viaFlag.stdout(), cli.run(helpArgs.toArray(String[]::new)).stdout(), String.join(" ", path));
        }
    }

    @Test
    void bareGroupShowsItsHelp() {
        CliRun.Result r = new CliRun(tmp).run("workspace");
        assertEquals(0, r.exit());
        assertTrue(r.stdout().contains("Commands:") && r.stdout().contains("create"), r.stdout());
    }

    /** Runs the generated bash completion for the words typed so far (the last one is being completed). */
    private Set<String> complete(String script, String... words) {
        StringBuilder b = new StringBuilder(script).append("\nCOMP_WORDS=(nexus");
        for (String w : words) {
            b.append(" '").append(w).append("'");
        }
        b.append(")\nCOMP_CWORD=").append(words.length).append("\n_nexus\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
        ProcessRunner.Result r = ProcessRunner.of("bash", "--norc", "-c", b.toString()).timeout(Duration.ofSeconds(20)).run();
        assertEquals(0, r.exitCode(), r.stderr());
        return new TreeSet<>(r.stdout().lines().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void bashCompletionFollowsTheTree() throws Exception {
        String script = new CliRun(tmp).run("completion", "bash").stdout();
        Files.writeString(tmp.resolve("nexus.bash"), script);
        assertTrue(complete(script, "").containsAll(Set.of("up", "auth", "workspace", "ws", "doctor")));
        assertEquals(Set.of("workspace", "ws"), complete(script, "w"));
        assertTrue(complete(script, "ws", "").containsAll(Set.of("create", "list", "forward", "delete")));
        assertTrue(complete(script, "ws", "create", "x/y", "--").containsAll(Set.of("--name", "--branch", "--no-fork", "--json")));
        assertEquals(Set.of("cursor", "code"), complete(script, "ws", "connect", "shop", "--editor", "c"));
        assertEquals(Set.of("bash"), complete(script, "completion", "b"));
        assertEquals(Set.of(), complete(script, "ws", "exec", "shop", "--", "l"), "nothing after -- (a remote command)");
        assertEquals(Set.of("--server"), complete(script, "--server", "x", "--ser"), "a global option's value is skipped");
    }

    @Test
    void zshAndFishScriptsCoverEveryCommand() {
        CliRun cli = new CliRun(tmp);
        String zsh = cli.run("completion", "zsh").stdout();
        String fish = cli.run("completion", "fish").stdout();
        assertTrue(zsh.startsWith("#compdef nexus"), zsh);
        for (List<String> path : allCommands(CommandTree.root(), List.of())) {
            if (path.isEmpty()) {
                continue;
            }
            String parent = String.join(" ", path.subList(0, path.size() - 1));
            String name = path.getLast();
            assertTrue(zsh.contains("\"" + parent + "|" + name + "\""), "zsh lacks " + path);
            assertTrue(fish.contains("'__nexus_is \"" + parent + "\"' -a " + name + " "), "fish lacks " + path);
        }
    }

    private static boolean installed(String program) {
        return ProcessRunner.of("sh", "-c", "command -v " + program).run().ok();
    }

    @Test
    void zshCompletionFollowsTheTree() throws Exception {
        Assumptions.assumeTrue(installed("zsh"), "zsh is not installed (apt-get install zsh)");
        Path script = tmp.resolve("_nexus");
        Files.writeString(script, new CliRun(tmp).run("completion", "zsh").stdout());
        // outside a completion widget: compadd and friends print what they would offer
        String stubs = "compdef() { :; }\ncompadd() { [[ $1 == -- ]] && shift; print -l -- \"$@\"; }\n_files() { print FILES; }\n"
                + "_directories() { print DIRS; }\nsource " + script + "\n";
        assertTrue(zsh(stubs + "words=(nexus ws '') CURRENT=3 _nexus").containsAll(Set.of("create", "list", "forward")));
        assertEquals(Set.of("cursor", "code", "zed", "vim", "none"), zsh(stubs + "words=(nexus ws connect shop --editor c) CURRENT=6 _nexus"));
        assertEquals(Set.of("FILES"), zsh(stubs + "words=(nexus ws exec shop -- l) CURRENT=6 _nexus"));
    }

    private Set<String> zsh(String script) {
        ProcessRunner.Result r = ProcessRunner.of("zsh", "-f", "-c", script).timeout(Duration.ofSeconds(20)).run();
        assertEquals(0, r.exitCode(), r.stderr());
        return new TreeSet<>(r.stdout().lines().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void fishCompletionFollowsTheTree() throws Exception {
        Assumptions.assumeTrue(installed("fish"), "fish is not installed (apt-get install fish)");
        Path script = tmp.resolve("nexus.fish");
        Files.writeString(script, new CliRun(tmp).run("completion", "fish").stdout());
        assertEquals(Set.of("workspace", "ws"), fish(script, "nexus w"));
        assertTrue(fish(script, "nexus ws ").containsAll(Set.of("create", "list", "forward", "delete")));
        assertEquals(Set.of("cursor", "code", "zed", "vim", "none"), fish(script, "nexus ws connect shop --editor "));
        assertTrue(fish(script, "nexus ws create x --").containsAll(Set.of("--name", "--no-fork", "--json")));
    }

    private Set<String> fish(Path script, String line) {
        ProcessRunner.Result r = ProcessRunner.of("fish", "--no-config", "-c", "source " + script + "; complete -C '" + line + "'")
                .timeout(Duration.ofSeconds(20)).run();
        assertEquals(0, r.exitCode(), r.stderr());
        return new TreeSet<>(r.stdout().lines().map(l -> l.split("\t")[0]).filter(l -> !l.isBlank()).toList());
    }
}
