package nexus.core.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in config files: {@code 512MiB}, {@code 4GB}, {@code 4G}, {@code 20gb}, {@code 1048576}.
 * All units are binary (1 GB = 1 GiB = 1024³ bytes), as in {@code docker run -m 4g} and LXC's memory limits:
 * someone who writes "memory: 4GB" means four gibibytes.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmgt]?)(i?b?)");

    private Sizes() {}

    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(3).equals("i") || (m.group(2).isEmpty() && m.group(3).startsWith("i"))) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size; write e.g. 512MB, 4GB or 20GiB");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("\"" + text + "\" is too large");
        }
        return n << shift;
    }

    /**
     * The size exactly, in the largest binary unit that divides it ("4GiB", "1536MiB", "1000B"), so that
     * {@code parseBytes(formatExact(n)) == n}; used when writing config files.
     */
    public static String formatExact(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            int shift = 40 - 10 * i;
            if (bytes != 0 && bytes % (1L << shift) == 0) {
                return (bytes >> shift) + units[i];
            }
        }
        return bytes + "B";
    }

    /** "4GiB", "512MiB", "1.5GiB", "100B": rounded for display. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }
}
