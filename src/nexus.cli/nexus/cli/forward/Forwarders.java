package nexus.cli.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nexus.cli.CliException;
import nexus.cli.Programs;
import nexus.cli.background.Detached;
import nexus.cli.background.SelfCommand;
import nexus.core.util.Text;

/** Starts, finds and stops workspaces' background forwarders ({@code nexus __forward <ws>}). */
public final class Forwarders {
    /** The hidden command the forwarder runs as; also how its process is recognised. */
    public static final String DAEMON_COMMAND = "__forward";

    private final Programs programs;
    private final ForwardFiles files;

    public Forwarders(Programs programs, ForwardFiles files) {
        this.programs = programs;
        this.files = files;
    }

    public ForwardFiles files() {
        return files;
    }

    /** The state of the workspace's forwarder if one is running (a state file of a dead one is removed). */
    public Optional<ForwardState> running(String workspace) {
        Optional<ForwardState> s = files.read(workspace);
        if (s.isPresent() && !Detached.alive(s.get().pid(), DAEMON_COMMAND)) {
            files.remove(workspace);
            return Optional.empty();
        }
        return s;
    }

    /**
     * Starts the forwarder in the background (unless one runs) and waits until it has bound its ports or said
     * why it cannot, at most {@code settle}. {@code serverArgs} are passed on ("--server URL" when given).
     */
    public ForwardState start(String workspace, List<String> serverArgs, Duration settle) {
        Optional<ForwardState> existing = running(workspace);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> args = new ArrayList<>(List.of(DAEMON_COMMAND, workspace));
        args.addAll(serverArgs);
        long pid = Detached.start(programs, SelfCommand.command(args.toArray(String[]::new)), files.logFile(workspace));
        long deadline = System.nanoTime() + settle.toNanos();
        ForwardState last = null;
        while (System.nanoTime() < deadline) {
            Optional<ForwardState> s = files.read(workspace);
            if (s.isPresent() && s.get().pid() == pid) {
                last = s.get();
                if (last.settled()) {
                    return last;
                }
            }
            if (!Detached.alive(pid, DAEMON_COMMAND)) {
                throw CliException.error("forward_failed", "the port forwarder for " + workspace + " stopped right away: "
                        + logTail(workspace), "see " + files.logFile(workspace) + "; `nexus workspace status " + workspace
                        + "` shows whether the workspace runs");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (last != null) {
            return last; // still connecting: it keeps trying in the background
        }
        throw CliException.error("forward_failed", "the port forwarder for " + workspace + " did not report within "
                + settle.toSeconds() + "s: " + logTail(workspace), "see " + files.logFile(workspace));
    }

    /** Stops every forwarder that talks to {@code server} (it is going away); returns their workspaces. */
    public List<String> stopAll(String server) {
        List<String> stopped = new ArrayList<>();
        for (String ws : files.workspaces()) {
            Optional<ForwardState> s = running(ws);
            if (s.isPresent() && server.equals(s.get().server()) && stop(ws)) {
                stopped.add(ws);
            }
        }
        return stopped;
    }

    /** Stops the workspace's forwarder; true when one was running. */
    public boolean stop(String workspace) {
        Optional<ForwardState> s = running(workspace);
        if (s.isEmpty()) {
            return false;
        }
        Detached.stop(s.get().pid(), 5000);
        files.remove(workspace);
        return true;
    }

    private String logTail(String workspace) {
        try {
            String text = Files.readString(files.logFile(workspace)).strip();
            return text.isEmpty() ? "(its log is empty)" : Text.lastLines(text, 3);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
