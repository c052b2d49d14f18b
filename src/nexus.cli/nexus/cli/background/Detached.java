package nexus.cli.background;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.Programs;

/**
 * Starts programs that must outlive the {@code nexus} command that started them (the port forwarder, a local
 * server): in a new session ({@code setsid}, so closing the terminal sends them no SIGHUP), stdin from /dev/null,
 * output appended to a log file.
 */
public final class Detached {
    private Detached() {}

    /** Starts the command detached and returns its process id. */
    public static long start(Programs programs, List<String> command, Path log) {
        List<String> cmd = new ArrayList<>();
        // setsid execs the program itself (a child of the JVM is never a process group leader), so the pid is the program's
        programs.which("setsid").ifPresent(p -> cmd.add(p.toString()));
        cmd.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = programs.builder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start().pid();
        } catch (IOException e) {
            throw CliException.error("start_failed", "could not start " + command.getFirst() + ": " + e.getMessage(),
                    "check that it exists and is executable");
        }
    }

    /** Whether {@code pid} is a live process (not a zombie) whose command line contains {@code marker}. */
    public static boolean alive(long pid, String marker) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || zombie(pid)) {
            return false;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains(marker);
        } catch (IOException e) {
            // no /proc (macOS): fall back to what the JDK knows about the process
            return h.get().info().commandLine().map(c -> c.contains(marker)).orElse(true);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after {@code graceMillis}); true when it is gone. */
    public static boolean stop(long pid, long graceMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        h.get().destroy();
        long deadline = System.currentTimeMillis() + graceMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!h.get().isAlive() || zombie(pid)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        h.get().destroyForcibly();
        return true;
    }

    /** An exited process nobody reaped yet (PID 1 on some hosts never does): dead for our purposes. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
