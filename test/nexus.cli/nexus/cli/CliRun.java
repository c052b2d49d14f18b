package nexus.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;

/**
 * Runs the real CLI in this JVM against a private world: a fresh HOME (with XDG dirs under it), a PATH that
 * starts with a bin directory the test controls (where a fake gh goes), a working directory, and captured
 * stdout/stderr. Programs the CLI starts (gh, ssh-keygen, ssh) see exactly this environment.
 */
public final class CliRun {
    /** What one command did. */
    public record Result(int exit, String stdout, String stderr) {
        /** stdout as the one JSON document --json promises (fails the test when it is not exactly one). */
        public JsonValue json() {
            return JsonCodec.parse(stdout);
        }

        public JsonObject jsonObject() {
            return (JsonObject) json();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path home;
    private final Path bin;
    private final Map<String, String> env = new HashMap<>();
    private Path cwd;

    public CliRun(Path root) {
        try {
            this.home = Files.createDirectories(root.resolve("home"));
            this.bin = Files.createDirectories(root.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.cwd = home;
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("USER", "tester");
        env.put("LANG", "C.UTF-8");
    }

    public Path home() {
        return home;
    }

    public Path bin() {
        return bin;
    }

    public Map<String, String> env() {
        return env;
    }

    public CliRun env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public CliRun cwd(Path dir) {
        this.cwd = dir;
        return this;
    }

    public Result run(String... args) {
        return run(List.of(args), false, "");
    }

    /** Runs as if at a terminal (interactive) with {@code input} on stdin. */
    public Result runInteractive(String input, String... args) {
        return run(List.of(args), true, input);
    }

    private Result run(List<String> args, boolean interactive, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env e = new Env(env, cwd, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                interactive, false);
        int code = Cli.run(new ArrayList<>(args), e);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
