package nexus.server.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP(S) server under the dispatcher: one virtual thread per exchange (long-polls cost a parked virtual
 * thread, not a platform thread), with the JDK server's request and response time limits switched on.
 */
public final class HttpFrontend implements AutoCloseable {
    /** Seconds a client may take to send its request line, headers and body. */
    static final long MAX_REQUEST_SECONDS = 30;
    /** Seconds an answer may take once the request is read: above the longest long-poll (60 s). */
    static final long MAX_RESPONSE_SECONDS = 120;

    /** How long {@link #stop} lets the JDK server finish on its own once no handler runs, before cutting it short. */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final InFlight inFlight = new InFlight();

    private HttpFrontend(HttpServer server) {
        this.server = server;
    }

    /** The exchanges whose handler is running, so that {@link #stop} can tell when the last one has returned. */
    private static final class InFlight {
        private final AtomicInteger count = new AtomicInteger();

        HttpHandler around(HttpHandler handler) {
            return exchange -> {
                count.incrementAndGet();
                try {
                    handler.handle(exchange);
                } finally {
                    if (count.decrementAndGet() == 0) {
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            };
        }

        /** Waits until no handler runs, or {@code timeout} has passed. */
        synchronized void awaitNone(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long left;
            while (count.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * Sets the JDK server's time limits. They are JVM-wide system properties read once, when the JDK server
     * classes load, so call this before any HTTP server starts in the JVM; values set explicitly are kept.
     */
    public static void installLimits() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(MAX_RESPONSE_SECONDS));
    }

    /** Binds {@code address} (TLS when {@code tls} is not null) and starts serving {@code handler} on every path. */
    public static HttpFrontend start(InetSocketAddress address, SSLContext tls, HttpHandler handler) throws IOException {
        installLimits();
        HttpServer server;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(address, 256);
        }
        HttpFrontend f = new HttpFrontend(server);
        server.createContext("/", f.inFlight.around(handler));
        server.setExecutor(f.executor);
        server.start();
        return f;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops accepting, lets exchanges in flight finish for up to {@code grace}, then stops.
     *
     * <p>The JDK server's own stop waits until its count of open exchanges is zero, but an exchange whose answer
     * could not be written (the client left, or its body timed out and the server closed the connection) is never
     * taken off that count: its end is only recorded after a successful flush. One such request since the start made
     * the shutdown wait the whole grace. So the JDK's stop runs on a thread of its own, and once no handler of ours
     * runs (and it has not finished by itself) it is interrupted, which ends its wait and closes the connections.
     */
    public void stop(Duration grace) {
        Thread stopper = Thread.ofPlatform().name("nexus-http-stop").start(() -> server.stop((int) Math.max(0, grace.toSeconds())));
        try {
            inFlight.awaitNone(grace);
            if (!stopper.join(SETTLE)) {
                stopper.interrupt();
            }
            stopper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
