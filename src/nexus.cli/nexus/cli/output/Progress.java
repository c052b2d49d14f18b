package nexus.cli.output;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import nexus.core.util.Durations;

/**
 * Shows what a long step is doing. On a terminal a spinner line with the elapsed time is redrawn in place
 * (stderr) and finished steps are printed above it; elsewhere each new status is one plain line, so logs stay
 * readable. Close it when done.
 */
public abstract sealed class Progress implements AutoCloseable {
    private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    /** Sets what is going on now ("clone", "waiting for services"). */
    public abstract void status(String text);

    /** Prints a finished step ("✓ image 1.2s") above the status line. */
    public abstract void done(String line);

    @Override
    public abstract void close();

    static Progress silent() {
        return new Silent();
    }

    static Progress plain(PrintStream err) {
        return new Plain(err);
    }

    static Progress animated(PrintStream err, Style style) {
        return new Animated(err, style);
    }

    private static final class Silent extends Progress {
        @Override
        public void status(String text) {}

        @Override
        public void done(String line) {}

        @Override
        public void close() {}
    }

    private static final class Plain extends Progress {
        private final PrintStream err;
        private String last;

        Plain(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void status(String text) {
            if (!text.equals(last)) {
                last = text;
                err.println(text);
            }
        }

        @Override
        public synchronized void done(String line) {
            err.println(line);
        }

        @Override
        public void close() {}
    }

    private static final class Animated extends Progress {
        private final PrintStream err;
        private final Style style;
        private final Instant started = Instant.now();
        private final Thread ticker;
        private String status = "";
        private int frame;
        private boolean closed;

        Animated(PrintStream err, Style style) {
            this.err = err;
            this.style = style;
            this.ticker = Thread.ofPlatform().daemon().name("nexus-progress").start(this::tick);
        }

        private void tick() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    redraw();
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        private synchronized void redraw() {
            if (closed) {
                return;
            }
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            String elapsed = seconds < 60 ? seconds + "s" : Durations.format(Duration.ofSeconds(seconds));
            err.print("\r" + style.cyan(FRAMES[frame++ % FRAMES.length]) + " " + status + " " + style.dim(elapsed) + "\033[K");
            err.flush();
        }

        @Override
        public synchronized void status(String text) {
            status = text;
            redraw();
        }

        @Override
        public synchronized void done(String line) {
            err.print("\r\033[K" + line + "\n");
            redraw();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                err.print("\r\033[K");
                err.flush();
            }
            ticker.interrupt();
        }
    }
}
