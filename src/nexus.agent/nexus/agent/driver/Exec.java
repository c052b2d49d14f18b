package nexus.agent.driver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program to run inside a workspace: an argument list (never a shell string built from input), the user it
 * runs as ({@code root} or {@code dev}), a clean environment plus {@code env}, optional standard input (bytes or a
 * file on the host), a working directory and a timeout.
 */
public record Exec(List<String> command, String user, Map<String, String> env, byte[] input, java.nio.file.Path inputFile,
                   String workdir, Duration timeout) {

    public static final String ROOT = "root";
    public static final String DEV = "dev";
    public static final String DEV_HOME = "/home/dev";

    public Exec {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (!user.equals(ROOT) && !user.equals(DEV)) {
            throw new IllegalArgumentException("exec user must be root or dev, got " + user);
        }
    }

    public static Exec asRoot(String... command) {
        return new Exec(List.of(command), ROOT, Map.of(), null, null, "/", Duration.ofMinutes(2));
    }

    public static Exec asDev(String... command) {
        return new Exec(List.of(command), DEV, Map.of(), null, null, DEV_HOME, Duration.ofMinutes(2));
    }

    public static Exec asDev(List<String> command) {
        return new Exec(command, DEV, Map.of(), null, null, DEV_HOME, Duration.ofMinutes(2));
    }

    public Exec withEnv(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(more);
        return new Exec(command, user, all, input, inputFile, workdir, timeout);
    }

    public Exec withInput(byte[] bytes) {
        return new Exec(command, user, env, bytes, null, workdir, timeout);
    }

    public Exec withInput(String text) {
        return withInput(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Exec withInputFile(java.nio.file.Path file) {
        return new Exec(command, user, env, null, file, workdir, timeout);
    }

    public Exec withTimeout(Duration d) {
        return new Exec(command, user, env, input, inputFile, workdir, d);
    }

    public Exec in(String dir) {
        return new Exec(command, user, env, input, inputFile, dir, timeout);
    }

    public int uid() {
        return user.equals(ROOT) ? 0 : 1000;
    }

    public String home() {
        return user.equals(ROOT) ? "/root" : DEV_HOME;
    }

    /**
     * The command as it runs inside the workspace, for a driver to prefix with its way in: {@code env} with a clean
     * environment and the working directory, and (inside, so a hung program really dies) {@code timeout}.
     */
    public List<String> insideCommand() {
        List<String> argv = new java.util.ArrayList<>(List.of("env", "-i", "-C", workdir));
        fullEnvironment().forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("invalid environment variable name \"" + k + "\"");
            }
            argv.add(k + "=" + v);
        });
        if (command.getFirst().contains("=")) {
            throw new IllegalArgumentException("a command cannot start with a word containing '=': " + command.getFirst());
        }
        argv.addAll(List.of("timeout", "-k", "5", timeout.toSeconds() + "s"));
        argv.addAll(command);
        return argv;
    }

    /** A runner for {@code prefix} (the driver's way in) followed by {@link #insideCommand()}, with the input set. */
    public nexus.core.util.ProcessRunner runner(List<String> prefix) {
        List<String> argv = new java.util.ArrayList<>(prefix);
        argv.addAll(insideCommand());
        nexus.core.util.ProcessRunner runner = nexus.core.util.ProcessRunner.of(argv).timeout(outerTimeout());
        if (input != null) {
            runner.input(input);
        } else if (inputFile != null) {
            runner.inputFile(inputFile);
        }
        return runner;
    }

    /** How long the driver's own process may take: the inside timeout plus time to kill and report. */
    public Duration outerTimeout() {
        return timeout.plusSeconds(15);
    }

    /** The environment a login would have, plus {@code env}. */
    public Map<String, String> fullEnvironment() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        all.put("HOME", home());
        all.put("USER", user);
        all.put("LOGNAME", user);
        all.put("SHELL", "/bin/bash");
        all.put("LANG", "C.UTF-8");
        all.putAll(env);
        return all;
    }
}
