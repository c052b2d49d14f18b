package nexus.server.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Writes log lines to a stream from one background thread, a batch per write, so a request never waits for the
 * terminal or the pipe behind stderr. After the first line of a batch the thread waits {@link #BATCH_WINDOW_MS}
 * for more: under load that is one wake-up and one write per window instead of one per line (each wake-up is a
 * context switch the request threads pay for). {@link #close} writes what is queued before returning.
 */
public final class LineWriter implements Consumer<String>, AutoCloseable {
    /** Identity sentinel for close: a line object no caller can pass. */
    private static final String END = new String("end of log");
    static final long BATCH_WINDOW_MS = 10;

    private final OutputStream out;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread thread;

    public LineWriter(OutputStream out) {
        this.out = out;
        this.thread = Thread.ofPlatform().daemon().name("nexus-log").start(this::run);
    }

    @Override
    public void accept(String line) {
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                Thread.sleep(BATCH_WINDOW_MS);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            StringBuilder text = new StringBuilder();
            boolean end = false;
            for (String line : batch) {
                if (line == END) {
                    end = true;
                    break;
                }
                text.append(line).append('\n');
            }
            batch.clear();
            try {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // stderr is gone (closed pipe); the server keeps serving without a log rather than failing requests
            }
            if (end) {
                return;
            }
        }
    }

    @Override
    public void close() {
        accept(END);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
