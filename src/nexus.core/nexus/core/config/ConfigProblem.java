package nexus.core.config;

import nexus.core.id.Names;

/**
 * One thing wrong with a config file: where (1-based {@code line} and {@code column}, and the key {@code path}
 * such as {@code services.api.health_check.timeout}, empty for the document itself), what ({@code message}) and,
 * when there is a plausible fix, a {@code suggestion} (the key or value probably meant; null otherwise).
 */
public record ConfigProblem(int line, int column, String path, String message, String suggestion) {

    /** {@code source:line:col: path: message (did you mean "x"?)}, with untrusted text made printable. */
    public String render(String source) {
        StringBuilder b = new StringBuilder().append(source).append(':').append(line).append(':').append(column)
                .append(": ");
        if (!path.isEmpty()) {
            b.append(Names.printable(path)).append(": ");
        }
        b.append(message);
        if (suggestion != null) {
            b.append(" (did you mean \"").append(Names.printable(suggestion)).append("\"?)");
        }
        return b.toString();
    }
}
