package nexus.agent;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One-line log records on stderr: time, level, component, message. The agent logs what it does to a node
 * (containers, rules, images) so an operator can follow it; it never logs a secret (tokens are not passed here).
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile Level threshold = Level.INFO;
    private static final PrintStream OUT = System.err;

    private final String component;

    private Log(String component) {
        this.component = component;
    }

    public static Log of(String component) {
        return new Log(component);
    }

    public static void setThreshold(Level level) {
        threshold = level;
    }

    public void debug(String message) {
        write(Level.DEBUG, message);
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    public void warn(String message) {
        write(Level.WARN, message);
    }

    public void error(String message) {
        write(Level.ERROR, message);
    }

    private void write(Level level, String message) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + component + ": " + message;
        synchronized (OUT) {
            OUT.println(line);
        }
    }
}
