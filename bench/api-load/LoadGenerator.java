import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop HTTP/1.1 load: N keep-alive connections, each on its own virtual thread, sending the same GET and
 * reading the whole answer before the next. Raw sockets keep the generator's own cost small and equal for both
 * targets. Only answers completed inside the measuring window count.
 */
final class LoadGenerator {

    record Result(String target, long requests, long errors, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private LoadGenerator() {}

    static Result run(String target, int port, String path, String token, int connections, Duration warmup, Duration measure)
            throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicBoolean stop = new AtomicBoolean();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[connections * 2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int slot = i;
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                long errors = 0;
                while (!stop.get()) {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
                        while (!stop.get()) {
                            long t0 = System.nanoTime();
                            out.write(request);
                            out.flush();
                            int status = readResponse(in);
                            long t1 = System.nanoTime();
                            if (t1 >= measureFrom && t1 < measureTo) {
                                if (status == 200 && n < mine.length) {
                                    mine[n++] = t1 - t0;
                                } else if (status != 200) {
                                    errors++;
                                }
                            }
                            if (t1 >= measureTo) {
                                stop.set(true);
                            }
                        }
                    } catch (IOException e) {
                        if (System.nanoTime() >= measureFrom && System.nanoTime() < measureTo) {
                            errors++;
                        }
                    }
                }
                counts[slot * 2] = n;
                counts[slot * 2 + 1] = errors;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = 0;
        long errors = 0;
        for (int i = 0; i < connections; i++) {
            total += counts[i * 2];
            errors += counts[i * 2 + 1];
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(latencies.get(i), 0, all, at, (int) counts[i * 2]);
            at += (int) counts[i * 2];
        }
        Arrays.sort(all);
        double p50 = all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1e6;
        double p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        return new Result(target, total, errors, measure.toNanos() / 1e9, p50, p99);
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).strip());
            }
        }
        long skipped = 0;
        while (skipped < length) {
            long k = in.skip(length - skipped);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                k = 1;
            }
            skipped += k;
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
