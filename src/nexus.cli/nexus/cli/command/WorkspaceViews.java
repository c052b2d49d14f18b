package nexus.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nexus.cli.editor.Editor;
import nexus.cli.forward.ForwardState;
import nexus.cli.output.Output;
import nexus.cli.output.Style;
import nexus.cli.ssh.SshHost;
import nexus.core.api.ServiceStatus;
import nexus.core.api.TimelineEntry;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonValue;
import nexus.core.util.Durations;

/** How workspaces look: the status view, the list table, the services table and the ready summary. */
final class WorkspaceViews {
    private WorkspaceViews() {}

    static String localUrl(ServiceStatus s) {
        Integer port = s.mappedPort() != null ? s.mappedPort() : s.port();
        return port == null ? null : "http://localhost:" + port;
    }

    /** "acme/shop (main)", a URL, or for an upload the directory it came from ("laptop:/home/me/shop"). */
    static String repoLabel(Workspace w) {
        var r = w.repository();
        String base = r.owner() != null && r.name() != null ? r.owner() + "/" + r.name()
                : r.isUpload() ? (r.source() != null ? r.source() : "upload " + r.upload()) : r.url();
        return r.branch() == null ? base : base + " (" + r.branch() + ")";
    }

    /** The services of {@code services} and of the summary, with each one's forward when a forwarder runs. */
    static JsonArray servicesJson(Workspace w, Optional<ForwardState> forward) {
        List<JsonValue> items = new ArrayList<>();
        w.services().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ServiceStatus s = e.getValue();
            JsonObject fwd = forward.flatMap(f -> f.forwards().stream().filter(x -> x.service().equals(e.getKey())).findFirst())
                    .map(f -> JsonObject.builder().put("state", f.state()).put("message", f.message()).build()).orElse(null);
            items.add(JsonObject.builder()
                    .put("name", e.getKey())
                    .put("status", s.status())
                    .put("health", s.health())
                    .put("port", s.port())
                    .put("mapped_port", s.mappedPort())
                    .put("local_url", localUrl(s))
                    .put("message", s.message())
                    .put("forward", fwd)
                    .build());
        });
        return JsonArray.ofValues(items);
    }

    static void printServices(Output out, Workspace w, Optional<ForwardState> forward, String indent) {
        Style st = out.style();
        if (w.services().isEmpty()) {
            out.line(indent + st.dim("(no services)"));
            return;
        }
        int width = w.services().keySet().stream().mapToInt(String::length).max().orElse(0);
        w.services().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ServiceStatus s = e.getValue();
            String url = localUrl(s);
            String fwd = forward.flatMap(f -> f.forwards().stream().filter(x -> x.service().equals(e.getKey())).findFirst())
                    .map(f -> switch (f.state()) {
                        case "listening" -> st.green("forwarded");
                        case "bind_conflict" -> st.red("port in use on this machine");
                        default -> st.yellow(f.state().replace('_', ' '));
                    }).orElse(st.dim("not forwarded"));
            String health = s.status().wire() + (s.health() == null ? "" : "/" + s.health().wire());
            out.line(indent + pad(e.getKey(), width) + "  " + pad(url == null ? "-" : url, 24) + "  " + pad(health, 18) + "  " + fwd
                    + (s.message() == null ? "" : "  " + st.dim(s.message())));
        });
    }

    static void printStatus(Output out, Workspace w, Optional<ForwardState> forward) {
        Style st = out.style();
        out.line(st.bold(w.name()) + "  " + stateLabel(st, w.status()) + "  " + st.dim(w.workspaceId()));
        row(out, "repository", repoLabel(w));
        if (w.phase() != null && w.status() != WorkspaceState.RUNNING) {
            row(out, "phase", w.phase().wire());
        }
        if (w.node() != null) {
            row(out, "node", w.node().name() + (w.provider() == null ? "" : " (" + w.provider() + ")"));
        }
        if (w.ssh() != null) {
            row(out, "ssh", "ssh " + SshHost.alias(w.name()) + st.dim("   (" + w.ssh().user() + "@" + w.ssh().host() + ":" + w.ssh().port() + ")"));
        }
        out.line("  services");
        printServices(out, w, forward, "    ");
        if (!w.timeline().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (TimelineEntry t : w.timeline()) {
                b.append(b.isEmpty() ? "" : " · ").append(t.phase().wire())
                        .append(t.durationMs() == null ? " …" : " " + Durations.format(Duration.ofMillis(t.durationMs())));
            }
            row(out, "timeline", b.toString());
        }
        row(out, "created", w.createdAt() + st.dim(" (" + ago(w.createdAt()) + " ago)"));
        if (w.repoState() != null && w.repoState().hasUnsavedWork()) {
            row(out, "unsaved", st.yellow(w.repoState().uncommittedFiles() + " uncommitted file(s), "
                    + w.repoState().unpushedCommits() + " unpushed commit(s)"));
        }
        if (w.error() != null) {
            row(out, "error", st.red(w.error().code()) + ": " + w.error().message());
            w.error().outputTail().forEach(l -> out.line("      " + st.dim(l)));
        }
    }

    static void printList(Output out, List<Workspace> workspaces) {
        Style st = out.style();
        if (workspaces.isEmpty()) {
            out.line("No workspaces yet. Create one with `nexus up <repo>` or `nexus workspace create <repo>`.");
            return;
        }
        int width = Math.max(4, workspaces.stream().mapToInt(w -> w.name().length()).max().orElse(0));
        out.line(st.bold(pad("NAME", width) + "  " + pad("STATUS", 10) + "  " + pad("SERVICES", 8) + "  " + pad("AGE", 6) + "  REPOSITORY"));
        for (Workspace w : workspaces) {
            long up = w.services().values().stream().filter(s -> s.status().wire().equals("running")).count();
            out.line(pad(w.name(), width) + "  " + pad(stateLabel(st, w.status()), 10 + (st.color() ? 9 : 0)) + "  "
                    + pad(up + "/" + w.services().size(), 8) + "  " + pad(ago(w.createdAt()), 6) + "  " + repoLabel(w));
        }
    }

    static String stateLabel(Style st, WorkspaceState s) {
        return switch (s) {
            case RUNNING -> st.green(s.wire());
            case ERROR, UNKNOWN -> st.red(s.wire());
            case STOPPED -> st.dim(s.wire());
            default -> st.yellow(s.wire());
        };
    }

    /** The summary printed when a workspace is ready (and its --json form). */
    static JsonObject summaryJson(Workspace w, Optional<ForwardState> forward, Editor editor) {
        String ws = w.name();
        return JsonObject.builder()
                .put("workspace", w)
                .put("project", repoLabel(w))
                .put("ssh_host", SshHost.alias(ws))
                .put("ssh_command", "ssh " + SshHost.alias(ws))
                .put("deep_link", Editor.deepLink(editor, ws))
                .put("services", servicesJson(w, forward))
                .put("next", JsonArray.ofStrings(nextCommands(w, forward)))
                .build();
    }

    static List<String> nextCommands(Workspace w, Optional<ForwardState> forward) {
        List<String> next = new ArrayList<>();
        next.add("nexus workspace connect " + w.name());
        if (forward.isEmpty() && !w.services().isEmpty()) {
            next.add("nexus workspace forward " + w.name());
        }
        next.add("nexus workspace logs " + w.name());
        next.add("nexus workspace stop " + w.name());
        return next;
    }

    static void printSummary(Output out, Workspace w, Optional<ForwardState> forward, Editor editor, Duration took) {
        Style st = out.style();
        String ws = w.name();
        out.line("");
        if (w.status() == WorkspaceState.RUNNING) {
            out.line(st.ok(st.bold("Workspace " + ws + " is ready") + (took == null ? "" : st.dim(" (" + Durations.format(took) + ")"))));
        } else {
            out.line(st.warn(st.bold("Workspace " + ws + " is " + w.status().wire())));
        }
        out.line("");
        row(out, "Project", repoLabel(w));
        row(out, "Status", stateLabel(st, w.status()));
        out.line("  Services");
        printServices(out, w, forward, "    ");
        row(out, "SSH", "ssh " + SshHost.alias(ws));
        row(out, "Editor", Editor.deepLink(editor, ws));
        out.line("");
        out.line(st.bold("Next:"));
        for (String cmd : nextCommands(w, forward)) {
            String what = cmd.contains(" connect ") ? "open your editor on it"
                    : cmd.contains(" forward ") ? "reach the services at the URLs above"
                    : cmd.contains(" logs ") ? "service logs"
                    : "stop it (your work is kept)";
            out.line("  " + pad(cmd, 36) + "  " + st.dim(what));
        }
    }

    private static void row(Output out, String label, String value) {
        out.line("  " + pad(label, 10) + "  " + value);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String ago(Instant t) {
        if (t == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(t, Instant.now()).toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
