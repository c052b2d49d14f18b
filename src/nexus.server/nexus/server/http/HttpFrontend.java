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

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private HttpFrontend(HttpServer server) {
        this.server = server;
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
        server.createContext("/", handler);
        server.setExecutor(f.executor);
        server.start();
        return f;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, lets exchanges in flight finish for up to {@code grace}, then stops. */
    public void stop(Duration grace) {
        server.stop((int) Math.max(0, grace.toSeconds()));
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
