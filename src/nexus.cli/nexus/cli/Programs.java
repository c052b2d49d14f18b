package nexus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nexus.core.util.ProcessRunner;

/**
 * Runs the programs the CLI builds on (gh, git, ssh, ssh-keygen, editors) from argument lists, with exactly the
 * {@link Env}'s environment, and finds them on its PATH.
 */
public final class Programs {
    private final Env env;

    public Programs(Env env) {
        this.env = env;
    }

    public Env env() {
        return env;
    }

    /** The program's path on PATH, if it is installed. */
    public Optional<Path> which(String program) {
        if (program.contains("/")) {
            Path p = env.cwd().resolve(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : env.get("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean installed(String program) {
        return which(program).isPresent();
    }

    /** A runner for a captured, non-interactive run (output returned, stdin empty unless given). */
    public ProcessRunner runner(List<String> command) {
        ProcessRunner r = ProcessRunner.of(resolve(command)).directory(env.cwd().toFile().isDirectory() ? env.cwd() : null);
        System.getenv().keySet().stream().filter(k -> !env.vars().containsKey(k)).forEach(r::unsetEnv);
        return r.env(env.vars());
    }

    public ProcessRunner runner(String... command) {
        return runner(List.of(command));
    }

    /**
     * Runs a program the user talks to (gh auth login, ssh, vim): on a real terminal it shares this process's
     * stdin/stdout/stderr; otherwise its output is copied into the Env's streams and it reads no input.
     * Returns its exit code.
     */
    public int interactive(List<String> command) {
        ProcessBuilder pb = builder(command);
        try {
            if (env.processStdio()) {
                pb.inheritIO();
                return waitFor(pb.start());
            }
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            Thread out = pump(p.getInputStream(), env.out());
            Thread err = pump(p.getErrorStream(), env.err());
            int code = waitFor(p);
            out.join();
            err.join();
            return code;
        } catch (IOException e) {
            throw CliException.error("program_failed", "could not start " + command.getFirst() + ": " + e.getMessage(),
                    "check that " + command.getFirst() + " is installed (`nexus doctor`)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted", "interrupted", null);
        }
    }

    /** Starts a program that outlives nothing in particular and is not waited for (an editor window). */
    public Process launch(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = builder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    public ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(resolve(command));
        if (Files.isDirectory(env.cwd())) {
            pb.directory(env.cwd().toFile());
        }
        pb.environment().clear();
        pb.environment().putAll(env.vars());
        return pb;
    }

    /** The program looked up on the Env's PATH (not the JVM's), so a test's PATH decides which gh runs. */
    private List<String> resolve(List<String> command) {
        String program = command.getFirst();
        if (program.contains("/")) {
            return command;
        }
        return which(program).map(p -> {
            List<String> c = new java.util.ArrayList<>(command);
            c.set(0, p.toString());
            return List.copyOf(c);
        }).orElse(command);
    }

    private static int waitFor(Process p) throws InterruptedException {
        return p.waitFor();
    }

    private static Thread pump(InputStream in, PrintStream to) {
        return Thread.ofVirtual().start(() -> {
            try (in) {
                in.transferTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        to.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        to.write(b, off, len);
                    }
                });
                to.flush();
            } catch (IOException ignored) {
                // the program ended; what it wrote so far has been copied
            }
        });
    }
}
