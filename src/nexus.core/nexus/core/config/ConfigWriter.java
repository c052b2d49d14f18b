package nexus.core.config;

import java.util.Map;
import java.util.regex.Pattern;
import nexus.core.id.Names;
import nexus.core.util.Durations;
import nexus.core.util.Sizes;

/**
 * Writes a config as the YAML a person would write (for {@code nexus config init}): block style, keys in
 * reference order, defaults left out, durations and sizes in units, scripts as literal blocks. Reading the
 * result back with {@link ConfigParser} gives the same config (apart from its origin).
 */
public final class ConfigWriter {
    private static final String INDENT = "  ";
    /** Plain (unquoted) scalars: conservative, so nothing written plain can mean something else to YAML. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9 _./:=+,@%()$~-]*");
    /** Plain text the YAML 1.2 core schema would read as null, a boolean or a number. */
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                    + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private ConfigWriter() {}

    public static String toYaml(WorkspaceConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# Nexus workspace config (.nexus/config.yaml); reference: docs/config.md\n");
        out.append("# ").append(switch (config.origin().kind()) {
            case DETECTED -> "detected: ";
            case FILE -> "from: ";
            case NONE -> "";
        }).append(Names.printable(config.origin().description())).append('\n');
        out.append("version: ").append(config.version()).append('\n');
        if (config.name() != null) {
            out.append("name: ").append(scalar(config.name(), 0)).append('\n');
        }
        if (config.image() != null) {
            out.append("image: ").append(scalar(config.image(), 0)).append('\n');
        }
        if (!config.providerImages().isEmpty()) {
            out.append("providers:\n");
            config.providerImages().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    out.append(INDENT).append(scalar(e.getKey(), 1)).append(":\n").append(INDENT.repeat(2))
                            .append("image: ").append(scalar(e.getValue(), 2)).append('\n'));
        }
        resources(out, config.resources());
        env(out, config.env(), 0);
        lifecycle(out, config.lifecycle());
        if (config.services().isEmpty()) {
            out.append("services: {}\n"
                    + "# services:\n"
                    + "#   web:\n"
                    + "#     command: npm start\n"
                    + "#     port: 3000\n");
        } else {
            out.append("services:\n");
            config.services().values().forEach(s -> service(out, s));
        }
        return out.toString();
    }

    private static void resources(StringBuilder out, Resources r) {
        if (r.equals(Resources.DEFAULTS)) {
            return;
        }
        out.append("resources:\n");
        if (r.cpu() != null) {
            out.append(INDENT).append("cpu: ").append(r.cpu()).append('\n');
        }
        if (r.memoryBytes() != null) {
            out.append(INDENT).append("memory: ").append(Sizes.formatExact(r.memoryBytes())).append('\n');
        }
        if (r.diskBytes() != null) {
            out.append(INDENT).append("disk: ").append(Sizes.formatExact(r.diskBytes())).append('\n');
        }
    }

    private static void env(StringBuilder out, Map<String, String> env, int level) {
        if (env.isEmpty()) {
            return;
        }
        out.append(INDENT.repeat(level)).append("env:\n");
        env.forEach((k, v) -> out.append(INDENT.repeat(level + 1)).append(scalar(k, level + 1)).append(": ")
                .append(scalar(v, level + 1)).append('\n'));
    }

    private static void lifecycle(StringBuilder out, Lifecycle l) {
        if (l.equals(Lifecycle.NONE)) {
            return;
        }
        out.append("lifecycle:\n");
        hook(out, "pre_start", l.preStart());
        hook(out, "post_start", l.postStart());
        hook(out, "pre_stop", l.preStop());
    }

    private static void hook(StringBuilder out, String key, String script) {
        if (script != null) {
            out.append(INDENT).append(key).append(": ").append(scalar(script, 1)).append('\n');
        }
    }

    private static void service(StringBuilder out, ServiceConfig s) {
        String in = INDENT.repeat(2);
        out.append(INDENT).append(scalar(s.name(), 1)).append(":\n");
        if (s.command() != null) {
            out.append(in).append("command: ").append(scalar(s.command(), 2)).append('\n');
        }
        if (s.port() != null) {
            out.append(in).append("port: ").append(s.port()).append('\n');
        }
        if (!s.dependsOn().isEmpty()) {
            out.append(in).append("depends_on: [")
                    .append(String.join(", ", s.dependsOn().stream().map(d -> scalar(d, 2)).toList())).append("]\n");
        }
        env(out, s.env(), 2);
        healthCheck(out, s);
        if (s.restart() != null && s.restart() != RestartPolicy.ON_FAILURE) {
            out.append(in).append("restart: ").append(s.restart().yamlName()).append('\n');
        }
        if (s.workdir() != null) {
            out.append(in).append("workdir: ").append(scalar(s.workdir(), 2)).append('\n');
        }
    }

    /** Written only when it differs from what the parser would assume for this service. */
    private static void healthCheck(StringBuilder out, ServiceConfig s) {
        HealthCheck c = s.healthCheck();
        HealthCheck assumed = s.port() != null ? HealthCheck.tcp() : HealthCheck.NONE;
        if (c == null || c.equals(assumed)) {
            return;
        }
        String in = INDENT.repeat(3);
        out.append(INDENT.repeat(2)).append("health_check:\n");
        out.append(in).append("type: ").append(c.type().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        if (c.path() != null) {
            out.append(in).append("path: ").append(scalar(c.path(), 3)).append('\n');
        }
        if (c.command() != null) {
            out.append(in).append("command: ").append(scalar(c.command(), 3)).append('\n');
        }
        if (!c.timeout().equals(HealthCheck.DEFAULT_TIMEOUT)) {
            out.append(in).append("timeout: ").append(Durations.formatExact(c.timeout())).append('\n');
        }
        if (!c.interval().equals(HealthCheck.DEFAULT_INTERVAL)) {
            out.append(in).append("interval: ").append(Durations.formatExact(c.interval())).append('\n');
        }
    }

    /**
     * A string as a YAML scalar: plain when that is unambiguous, a literal block for multi-line scripts (at
     * {@code level} + 1 indentation), else double-quoted with escapes.
     */
    static String scalar(String s, int level) {
        if (PLAIN.matcher(s).matches() && !NOT_A_STRING.matcher(s).matches() && !s.endsWith(" ")
                && !s.endsWith(":") && !s.contains(": ") && !s.contains(" #")) {
            return s;
        }
        if (literalBlockFits(s)) {
            String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            String chomp = !s.endsWith("\n") ? "-" : body.endsWith("\n") || body.isEmpty() ? "+" : "";
            String indent = INDENT.repeat(level + 1);
            StringBuilder b = new StringBuilder("|").append(chomp);
            for (String line : body.split("\n", -1)) {
                b.append('\n');
                if (!line.isEmpty()) {
                    b.append(indent).append(line);
                }
            }
            return b.toString();
        }
        return doubleQuoted(s);
    }

    /** A literal block reproduces the text exactly only if it starts flush, has no blank-but-spaced lines, no CR. */
    private static boolean literalBlockFits(String s) {
        if (!s.contains("\n") || s.startsWith(" ") || s.startsWith("\t") || s.startsWith("\n")) {
            return false;
        }
        for (String line : s.split("\n", -1)) {
            if (!line.isEmpty() && line.isBlank()) {
                return false;
            }
        }
        return s.chars().allMatch(c -> c == '\n' || c == '\t' || plainPrintable((char) c));
    }

    /** Characters YAML takes literally everywhere: not control characters, not line or byte-order marks. */
    private static boolean plainPrintable(char c) {
        return c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0x2028 && c != 0x2029 && c != 0xfeff
                && c != 0xfffe && c != 0xffff;
    }

    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (!plainPrintable(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
