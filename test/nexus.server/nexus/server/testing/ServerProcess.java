package nexus.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code nexus-server} program in its own JVM, started the way build.sh documents (module path of the
 * build), with stdout and stderr captured line by line. {@link #close} kills it if it is still running.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread[] readers;

    private ServerProcess(Process process) {
        this.process = process;
        this.readers = new Thread[] {pump(process.getInputStream(), out), pump(process.getErrorStream(), err)};
    }

    /** The java command line running nexus-server with {@code jvmOptions} and {@code args}. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        String javaHome = System.getProperty("nexus.java.home");
        String build = System.getProperty("nexus.build");
        String deps = System.getProperty("nexus.deps");
        // The test's own temporary directory: sqlite-jdbc unpacks its native library there, and in the shared /tmp
        // other runs on the machine delete each other's copies and log about it.
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("--module-path", build + "/classes:" + deps + "/main", "--enable-native-access=org.xerial.sqlitejdbc",
                "-m", "nexus.server/nexus.server.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static ServerProcess start(String... args) {
        return start(List.of(), args);
    }

    public static ServerProcess start(List<String> jvmOptions, String... args) {
        return start(java.util.Map.of(), jvmOptions, args);
    }

    /** Starts nexus-server with extra environment variables. */
    public static ServerProcess start(java.util.Map<String, String> env, List<String> jvmOptions, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args));
            pb.environment().putAll(env);
            return new ServerProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end; returns exit code and output. */
    public static Result run(Duration timeout, String... args) {
        try (ServerProcess p = start(args)) {
            int code = p.waitFor(timeout);
            return new Result(code, String.join("\n", p.stdout()), String.join("\n", p.stderr()));
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    private static Thread pump(java.io.InputStream in, List<String> into) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    public List<String> stdout() {
        return List.copyOf(out);
    }

    public List<String> stderr() {
        return List.copyOf(err);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a stderr line matching {@code regex}; returns its first group (or the line). */
    public String awaitStderr(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : err) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : line;
                }
            }
            if (!process.isAlive() && readersDone()) {
                break;
            }
            sleep(20);
        }
        throw new AssertionError("no stderr line matched " + regex + "; stderr:\n" + String.join("\n", err));
    }

    /**
     * Sends SIGTERM through the process handle ({@code Process.destroy} would also close our ends of its pipes,
     * losing what it logs while it shuts down).
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("nexus-server did not exit within " + timeout + "; stderr:\n" + String.join("\n", err));
            }
            for (Thread t : readers) {
                t.join(5000);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean readersDone() {
        for (Thread t : readers) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
