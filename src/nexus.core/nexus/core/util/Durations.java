package nexus.core.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config files and flags: {@code 10} (seconds), {@code 10s}, {@code 500ms},
 * {@code 1m}, {@code 1m30s}, {@code 2h}, {@code 90d} (days, for lifetimes such as a token's).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {}

    /** Parses a duration; throws IllegalArgumentException with an example of the accepted forms. */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write e.g. 30, 30s, 500ms, 2m, 1m30s or 90d");
        }
        return total;
    }

    /**
     * The duration exactly, in the largest units that lose nothing ("30s", "1m30s", "1s500ms", "2h"), so that
     * {@code parse(formatExact(d))} equals {@code d} for whole milliseconds; used when writing config files.
     */
    public static String formatExact(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] sizes = {3_600_000, 60_000, 1000, 1};
        String[] units = {"h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }

    /** "1.2s", "250ms", "2m", "1m30s": rounded for display. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + "s" : String.format("%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m" + s % 60 + "s";
        }
        return s % 3600 == 0 ? s / 3600 + "h" : s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
}
