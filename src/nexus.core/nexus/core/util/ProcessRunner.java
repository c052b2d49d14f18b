package nexus.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program from an argument list (never a shell string), with a timeout, captured output and
 * optional input. A program that outlives its timeout is killed with its descendants. Output beyond
 * {@link #MAX_CAPTURE} bytes per stream is dropped (the tail is kept), so a chatty program cannot exhaust memory.
 *
 * <pre>{@code
 * Result r = ProcessRunner.of("git", "clone", "--", url, dir).timeout(Duration.ofMinutes(5)).run();
 * }</pre>
 */
public final class ProcessRunner {
    public static final int MAX_CAPTURE = 4 << 20;

    private final List<String> command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> unsetEnv = new ArrayList<>();
    private Path directory;
    private byte[] input;
    private Path inputFile;
    private Duration timeout = Duration.ofMinutes(2);

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
    }

    public static ProcessRunner of(String... command) {
        return new ProcessRunner(List.of(command));
    }

    public static ProcessRunner of(List<String> command) {
        return new ProcessRunner(command);
    }

    public ProcessRunner directory(Path dir) {
        this.directory = dir;
        return this;
    }

    public ProcessRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ProcessRunner env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** Removes a variable inherited from this process's environment. */
    public ProcessRunner unsetEnv(String name) {
        unsetEnv.add(name);
        return this;
    }

    public ProcessRunner input(String text) {
        this.input = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public ProcessRunner input(byte[] bytes) {
        this.input = bytes.clone();
        return this;
    }

    /** Feeds the program this file as standard input (for inputs too large to hold in memory). */
    public ProcessRunner inputFile(Path file) {
        this.inputFile = file;
        return this;
    }

    public ProcessRunner timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public List<String> command() {
        return command;
    }

    /** Runs the program and returns whatever it exited with. */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        unsetEnv.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        if (inputFile != null) {
            pb.redirectInput(inputFile.toFile());
        } else if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProcessException(command, "could not start " + command.getFirst() + ": " + reason(e), null);
        }
        Capture out = Capture.start(p.getInputStream());
        Capture err = Capture.start(p.getErrorStream());
        if (input != null) {
            Thread.ofVirtual().start(() -> {
                try (OutputStream stdin = p.getOutputStream()) {
                    stdin.write(input);
                } catch (IOException ignored) {
                    // the program exited without reading all of its input; its exit code tells the story
                }
            });
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new ProcessException(command, command.getFirst() + " did not finish within "
                        + Durations.format(timeout) + " and was stopped", new Result(-1, out.text(), err.text()));
            }
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new ProcessException(command, command.getFirst() + " was interrupted", null);
        }
    }

    /** Runs the program and fails unless it exits 0; the exception carries stderr's last lines. */
    public Result check() {
        Result r = run();
        if (r.exitCode() != 0) {
            throw new ProcessException(command, command.getFirst() + " failed (exit " + r.exitCode() + ")"
                    + (r.stderr().isBlank() ? "" : ": " + Text.lastLines(r.stderr(), 5)), r);
        }
        return r;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=2,")) {
            return "not installed or not on PATH";
        }
        if (m.contains("error=13,")) {
            return "permission denied";
        }
        return m;
    }

    /** Exit code and captured output of a finished program. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping at most MAX_CAPTURE bytes (the tail). */
    private static final class Capture {
        private final Thread thread;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        private boolean truncated;

        private Capture(InputStream in) {
            this.thread = Thread.ofVirtual().start(() -> pump(in));
        }

        static Capture start(InputStream in) {
            return new Capture(in);
        }

        private void pump(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (this) {
                        if (buffer.size() + n > MAX_CAPTURE) {
                            byte[] all = buffer.toByteArray();
                            buffer.reset();
                            int keep = Math.max(0, MAX_CAPTURE / 2 - n);
                            buffer.write(all, all.length - Math.min(keep, all.length), Math.min(keep, all.length));
                            truncated = true;
                        }
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; what was read so far is the output
            }
        }

        String text() {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                String s = buffer.toString(StandardCharsets.UTF_8);
                return truncated ? "[…output truncated…]\n" + s : s;
            }
        }
    }

    /** A program that could not be started, timed out, or (from {@link #check()}) failed. */
    public static final class ProcessException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> command;
        private final transient Result result;

        ProcessException(List<String> command, String message, Result result) {
            super(message);
            this.command = command;
            this.result = result;
        }

        public List<String> command() {
            return command;
        }

        /** The result when the program ran (failed or timed out), else null. */
        public Result result() {
            return result;
        }
    }
}
