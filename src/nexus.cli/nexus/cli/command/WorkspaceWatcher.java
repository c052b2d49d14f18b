package nexus.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ServerClient;
import nexus.cli.output.Output;
import nexus.cli.output.Progress;
import nexus.core.api.Phase;
import nexus.core.api.TimelineEntry;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceEvent;
import nexus.core.api.WorkspaceState;
import nexus.core.util.Durations;

/**
 * Follows a workspace through the server's long-poll ({@code GET /workspaces/{ws}/events?since=&wait=}, never
 * busy polling) until a condition holds, showing its state and creation phase as they change: a spinner with
 * the phase and elapsed time on a terminal, one line per change otherwise, each finished phase with its time.
 */
final class WorkspaceWatcher {
    private static final int WAIT_SECONDS = 25;

    private WorkspaceWatcher() {}

    /** Whether the workspace has stopped moving: running, stopped, in error, or gone. */
    static boolean settled(Workspace w) {
        return switch (w.status()) {
            case RUNNING, STOPPED, ERROR, DELETED -> true;
            default -> false;
        };
    }

    /**
     * Follows the workspace until {@code done}. Creation phases finished before the start are shown only with
     * {@code pastPhases} (a stop or start should not replay the creation).
     */
    static Workspace follow(Output out, ServerClient api, Workspace start, Predicate<Workspace> done, Duration timeout,
                            boolean pastPhases) {
        Instant deadline = Instant.now().plus(timeout);
        Workspace w = start;
        try (Progress progress = out.progress()) {
            String shownPhases = pastPhases ? "" : finished(start);
            shownPhases = show(out, progress, w, shownPhases);
            while (!done.test(w)) {
                long left = Duration.between(Instant.now(), deadline).toSeconds();
                if (left <= 0) {
                    throw new CliException(ExitCode.TIMEOUT, "timeout", "workspace " + w.name() + " is still " + describe(w)
                            + " after " + Durations.format(timeout), "it goes on in the background: follow it with `nexus workspace status "
                            + w.name() + " --watch`, or wait longer with --timeout");
                }
                WorkspaceEvent ev = api.events(w.name(), w.version(), (int) Math.min(WAIT_SECONDS, left));
                if (ev.changed() || ev.workspace().version() != w.version()) {
                    w = ev.workspace();
                    shownPhases = show(out, progress, w, shownPhases);
                }
            }
        }
        return w;
    }

    private static String finished(Workspace w) {
        StringBuilder b = new StringBuilder();
        w.timeline().stream().filter(t -> t.durationMs() != null).forEach(t -> b.append(',').append(t.phase().wire()).append(','));
        return b.toString();
    }

    /** Prints phases that finished since the last call and sets the live status; returns the phases shown so far. */
    private static String show(Output out, Progress progress, Workspace w, String shown) {
        StringBuilder now = new StringBuilder(shown);
        for (TimelineEntry t : w.timeline()) {
            String key = "," + t.phase().wire() + ",";
            if (t.durationMs() != null && !shown.contains(key)) {
                progress.done(out.style().ok(t.phase().wire() + " " + out.style().dim(Durations.format(Duration.ofMillis(t.durationMs())))));
                now.append(key);
            }
        }
        progress.status(describe(w));
        return now.toString();
    }

    /** "creating · clone", "starting · services", "stopping": the phase only while it says something. */
    static String describe(Workspace w) {
        Phase p = w.phase();
        boolean phaseMatters = p != null && p != Phase.READY
                && (w.status() == WorkspaceState.CREATING || w.status() == WorkspaceState.STARTING || w.status() == WorkspaceState.PENDING);
        return w.status().wire() + (phaseMatters ? " · " + p.wire() : "");
    }
}
