package nexus.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;

/**
 * HTTP/1.1 over a plain socket, for requests {@code HttpClient} refuses to send (a Content-Length of "abc", a
 * request-target with "%zz", HEAD) and for reading exactly the bytes a server answers.
 */
public final class RawHttp {
    private RawHttp() {}

    /** One answer: status, headers (names lower-cased) and the body bytes as sent. */
    public record Answer(int status, Map<String, String> headers, byte[] body, String raw) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonObject json() {
            return JsonCodec.parseObject(body);
        }

        @Override
        public String toString() {
            return raw;
        }
    }

    /** Sends {@code request} as is (ISO-8859-1) on a new connection and reads one answer. */
    public static Answer exchange(URI server, String request) {
        return exchange(server, request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /**
     * Sends {@code request} and reads one answer; {@code head}: the answer to a HEAD request, whose
     * Content-Length announces a body that is not sent.
     */
    public static Answer exchange(URI server, byte[] request, boolean head) {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return read(s.getInputStream(), head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer from {@code in}: status line, headers, then Content-Length bytes (or up to the close). */
    public static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed before a whole answer head: " + headBytes.toString(StandardCharsets.ISO_8859_1));
            }
            headBytes.write(c);
            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
        String headText = headBytes.toString(StandardCharsets.ISO_8859_1);
        String[] lines = headText.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body;
        String length = headers.get("content-length");
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, body, headText + new String(body, StandardCharsets.UTF_8));
    }
}
