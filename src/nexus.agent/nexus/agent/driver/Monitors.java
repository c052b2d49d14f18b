package nexus.agent.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The long-lived host process of each running instance (lxc-start in the foreground, the sandbox's bubblewrap),
 * started in a session of its own so it is not tied to the agent (no terminal signal reaches it, it outlives the
 * agent) and kept as a child handle so the agent reaps it when the instance ends: this host's PID 1 may not.
 */
public final class Monitors {
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    /** Starts {@code argv} under {@code setsid -w}, output appended to {@code consoleLog}. */
    public Process launch(String name, List<String> argv, Path consoleLog) {
        java.util.List<String> command = new java.util.ArrayList<>(List.of("setsid", "-w"));
        command.addAll(argv);
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + argv.getFirst() + ": " + e.getMessage());
        }
        running.put(name, p);
        p.onExit().thenRun(() -> running.remove(name, p));
        return p;
    }

    /** Waits until {@code started} holds; fails with {@code why} if the process ends first or time runs out. */
    public void awaitStart(String name, Process p, BooleanSupplier started, Supplier<String> why, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (started.getAsBoolean()) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " did not start: " + why.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name);
            }
        }
        throw new IllegalStateException(name + " did not start within " + timeout.toSeconds() + " s: " + why.get());
    }

    /** Waits for the process of an instance that is stopping to end (and be reaped), if this agent started it. */
    public void awaitExit(String name, Duration timeout) {
        Process p = running.get(name);
        if (p != null) {
            try {
                p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
