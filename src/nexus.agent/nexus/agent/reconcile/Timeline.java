package nexus.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nexus.core.api.Phase;
import nexus.core.api.TimelineEntry;

/** The creation timeline: one entry per phase, in phase order; a phase that runs again replaces its entry. */
final class Timeline {
    private Timeline() {}

    static List<TimelineEntry> begin(List<TimelineEntry> timeline, Phase phase, Instant at) {
        List<TimelineEntry> out = new ArrayList<>(timeline.stream().filter(e -> e.phase() != phase).toList());
        out.add(new TimelineEntry(phase, at, null));
        out.sort(java.util.Comparator.comparing(TimelineEntry::phase));
        return out;
    }

    static List<TimelineEntry> end(List<TimelineEntry> timeline, Phase phase, Instant at) {
        return timeline.stream().map(e -> e.phase() == phase && e.durationMs() == null
                ? new TimelineEntry(phase, e.startedAt(), Duration.between(e.startedAt(), at).toMillis()) : e).toList();
    }
}
