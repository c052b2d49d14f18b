package nexus.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything {@code nexus} reads from the process it runs in: environment variables, working directory, standard
 * streams and whether a person is at a terminal. Nothing else in the CLI calls {@code System.getenv} or uses
 * {@code System.out}, so a test runs the whole CLI in-process with its own HOME, PATH and streams, and programs
 * the CLI starts (gh, ssh, ssh-keygen) get exactly this environment. {@code processStdio} says the streams are the
 * process's own file descriptors, so an interactive program (gh auth login, ssh, vim) can inherit them; otherwise
 * such programs get their output copied into the streams and no input.
 */
public record Env(Map<String, String> vars, Path cwd, InputStream in, PrintStream out, PrintStream err,
                  boolean interactive, boolean processStdio) {

    public Env {
        vars = Map.copyOf(vars);
    }

    public static Env system() {
        java.io.Console console = System.console();
        boolean tty = console != null && console.isTerminal();
        return new Env(System.getenv(), Path.of("").toAbsolutePath(), System.in,
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8),
                tty, true);
    }

    /** The variable's value, or null when unset or empty (an empty value counts as unset, as in most tools). */
    public String get(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    public Path home() {
        String home = get("HOME");
        if (home == null) {
            throw CliException.error("no_home", "HOME is not set, so nexus cannot find its configuration",
                    "set HOME to your home directory and run the command again");
        }
        return Path.of(home);
    }

}
