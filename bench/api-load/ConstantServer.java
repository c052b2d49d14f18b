import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The baseline: a bare JDK HttpServer on a virtual-thread executor (as nexus-server uses) answering every request
 * with a constant JSON body of about the size of a workspace. Prints "listening <port>" and serves until killed.
 */
public final class ConstantServer {
    public static void main(String[] args) throws Exception {
        byte[] body = ("{\"workspace_id\":\"ws-aaaaaaaaaaaaaaaaaaaa\",\"name\":\"bench\",\"status\":\"running\",\"padding\":\""
                + "x".repeat(900) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
