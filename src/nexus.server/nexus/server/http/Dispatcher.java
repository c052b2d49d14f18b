package nexus.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nexus.core.api.ErrorBody;
import nexus.core.json.JsonObject;
import nexus.server.auth.Authenticator;
import nexus.server.auth.Principal;
import nexus.server.auth.Scope;
import nexus.server.log.JsonLog;
import nexus.server.metrics.RequestMetrics;

/**
 * The one HTTP handler of the API: gives each request an id, routes it under {@code /api/v1}, checks the token
 * against the route's access, reads a bounded body, runs the route's handler and writes the answer — or the error
 * body of DESIGN §3 for anything that went wrong, a 500 without internals for a bug. Every request ends with one
 * access-log line (id, route template, status, duration, caller id) and a metrics sample.
 */
public final class Dispatcher implements HttpHandler {
    public static final String BASE = "/api/v1";
    /** How much of an oversized body is read and dropped so the client gets its 413 (beyond it: closed). */
    static final long DISCARD_LIMIT = 16L << 20;
    private static final String UNMATCHED = "unmatched";

    private final Router router;
    private final Authenticator authenticator;
    private final JsonLog log;
    private final RequestMetrics metrics;
    private final int maxBodyBytes;

    public Dispatcher(Router router, Authenticator authenticator, JsonLog log, RequestMetrics metrics, int maxBodyBytes) {
        this.router = router;
        this.authenticator = authenticator;
        this.log = log;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** What happened to one request, for the log line and the metrics. */
    private static final class Trace {
        final String id = RequestIds.next();
        final long started = System.nanoTime();
        String route = UNMATCHED;
        Principal principal;
    }

    /**
     * Never throws and always ends the exchange: whatever fails — the route, building its error answer, writing
     * the answer — the client gets an answer (at worst {@link LastResort}'s 500) or a closed connection, and the
     * request gets its access-log line. An exception escaping to the JDK server closes the connection without an
     * answer (an Error, such as running out of memory, leaves it open and unanswered until the response timer,
     * 120 s), and the request goes unlogged.
     */
    @Override
    public void handle(HttpExchange exchange) {
        Trace trace = new Trace();
        metrics.started();
        int status = LastResort.STATUS;
        try {
            status = write(exchange, answer(exchange, trace), trace.id);
        } catch (RuntimeException | Error e) {
            logFailure("the answer could not be sent", trace, e);
            LastResort.send(exchange, trace.id);
        } finally {
            exchange.close();
            long nanos = System.nanoTime() - trace.started;
            metrics.record(trace.route, exchange.getRequestMethod(), status, nanos);
            log.request(trace.id, exchange.getRequestMethod(), trace.route, status, nanos,
                    exchange.getRemoteAddress().getAddress().getHostAddress(), trace.principal == null ? null : trace.principal.logId());
        }
    }

    /** The route's answer, or the error body for what went wrong; the last resort when even that cannot be built. */
    private Response answer(HttpExchange exchange, Trace trace) {
        ApiException failure;
        try {
            return dispatch(exchange, trace);
        } catch (ApiException e) {
            if (e.getCause() != null) {
                logCause(trace, e);
            }
            failure = e;
        } catch (RuntimeException | Error e) {
            logFailure("request failed", trace, e);
            failure = new ApiException(500, "internal_error", "the server failed to answer this request; "
                    + "it is logged under request id " + trace.id + " — tell your Nexus admin");
        }
        try {
            return error(failure, trace.id);
        } catch (RuntimeException | Error e) {
            logFailure("the error answer could not be built", trace, e);
            return new Response(LastResort.STATUS, LastResort.body(trace.id), Response.JSON, Map.of());
        }
    }

    /** The technical cause of an error answer, which the answer itself only puts in words. */
    private void logCause(Trace trace, ApiException e) {
        StringBuilder cause = new StringBuilder();
        for (Throwable t = e.getCause(); t != null && cause.length() < 1000; t = t.getCause()) {
            cause.append(cause.isEmpty() ? "" : "; caused by ").append(t.getClass().getName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        log.warn("request failed underneath", JsonObject.builder().put("request_id", trace.id).put("route", trace.route)
                .put("status", e.status()).put("error", e.code()).put("cause", cause.toString()).build());
    }

    private void logFailure(String message, Trace trace, Throwable failure) {
        try {
            log.error(message, JsonObject.builder().put("request_id", trace.id).put("route", trace.route).build(), failure);
        } catch (RuntimeException | Error e) {
            // the log line could not be built either (memory): the access line still names the request
        }
    }

    private Response dispatch(HttpExchange exchange, Trace trace) {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath == null || !(rawPath.equals(BASE) || rawPath.startsWith(BASE + "/"))) {
            throw ApiException.notFound("no such path; the API lives under " + BASE + " (see " + BASE + "/openapi.json)");
        }
        List<String> segments = segments(rawPath.substring(BASE.length()));
        Router.Match match = router.match(exchange.getRequestMethod(), segments);
        Router.Found found = switch (match) {
            case Router.Found f -> f;
            case Router.NotFound n -> throw ApiException.notFound("no such path; see " + BASE + "/openapi.json for the API");
            case Router.MethodNotAllowed m -> {
                exchange.getResponseHeaders().set("Allow", String.join(", ", m.allowed()));
                throw new ApiException(405, "method_not_allowed", "this path answers " + String.join(", ", m.allowed())
                        + ", not " + printable(exchange.getRequestMethod()));
            }
        };
        Route route = found.route();
        trace.route = route.path().text();
        authorize(route.access(), exchange.getRequestHeaders().getFirst("Authorization"), trace);
        Route.Binary binary = route.doc().binaryBody();
        byte[] body = route.doc().body() != null ? readBody(exchange) : binary != null ? new byte[0] : noBody(exchange);
        InputStream stream = binary == null ? null : binaryBody(exchange, binary.maxBytes());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Request request = new Request(trace.id, route, found.parameters(), query, exchange.getRequestHeaders(), trace.principal,
                body, stream, exchange.getRemoteAddress().getAddress().getHostAddress());
        return route.handler().handle(request);
    }

    /** Sets the caller on the trace (also when its scope is then refused, so the log says who was refused). */
    private void authorize(Access access, String authorization, Trace trace) {
        if (access == Access.PUBLIC) {
            return;
        }
        Principal p = switch (authenticator.authenticate(authorization)) {
            case Authenticator.Authenticated a -> a.principal();
            case Authenticator.Rejected r -> throw new ApiException(401, "auth_required", r.message());
        };
        trace.principal = p;
        boolean allowed = switch (access) {
            case USER -> p.scope() == Scope.USER;
            case ADMIN -> p.scope() == Scope.ADMIN;
            case NODE -> p.scope() == Scope.NODE;
            case USER_OR_ADMIN -> p.scope() == Scope.USER || p.scope() == Scope.ADMIN;
            case PUBLIC -> true;
        };
        if (!allowed) {
            throw ApiException.forbidden("this route needs " + access.describe() + ", and this is " + switch (p.scope()) {
                case ADMIN -> "an admin token";
                case USER -> "a user token";
                case NODE -> "a node token";
            });
        }
    }

    /**
     * A route without a body reads one byte to see the end of the (normally empty) body; otherwise the JDK server
     * allocates a buffer on every request to drain it at close. A body sent anyway is drained and ignored.
     */
    private static byte[] noBody(HttpExchange exchange) {
        try {
            exchange.getRequestBody().read();
        } catch (IOException e) {
            // the client is gone; the answer will not reach it either
        }
        return new byte[0];
    }

    private byte[] readBody(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        refuseDeclaredAbove(exchange, maxBodyBytes);
        byte[] body;
        try {
            // not closed here: closing drains only 64 KiB of a chunked body that goes on, and tooLarge drains more
            body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw ApiException.invalid("", "the request body could not be read: the connection broke or its chunked "
                    + "encoding is malformed; send it again");
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge(exchange, maxBodyBytes);
        }
        if (body.length > 0 && type != null && !isJson(type)) {
            throw new ApiException(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json, not "
                    + printable(type) + " (with curl: -H 'Content-Type: application/json')");
        }
        return body;
    }

    /**
     * The 413 for an oversized body, with or without Content-Length. Up to {@link #DISCARD_LIMIT} of the body is
     * read and dropped first: a client still sending when the connection closes would lose the answer to a reset.
     */
    private static ApiException tooLarge(HttpExchange exchange, long limit) {
        try (InputStream in = exchange.getRequestBody()) {
            long left = DISCARD_LIMIT;
            byte[] sink = new byte[16384];
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client gave up; there is nobody left to answer
        }
        return new ApiException(413, "payload_too_large", "the request body is larger than " + limit
                + " bytes, the limit of this server", JsonObject.builder().put("limit_bytes", limit).build());
    }

    /**
     * A binary body as a stream that refuses to read past {@code limit}: a Content-Length above it is a 413 at
     * once (after draining, like a JSON body), a chunked body that grows past it is a 413 when it does.
     */
    private static InputStream binaryBody(HttpExchange exchange, long limit) {
        refuseDeclaredAbove(exchange, limit);
        return new LimitedInputStream(exchange.getRequestBody(), limit, () -> tooLarge(exchange, limit));
    }

    /** A body whose Content-Length says it exceeds {@code limit} is refused before it is read (and then drained). */
    private static void refuseDeclaredAbove(HttpExchange exchange, long limit) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > limit) {
                throw tooLarge(exchange, limit);
            }
        }
    }

    private static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String media = (semi < 0 ? t : t.substring(0, semi)).strip();
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    /** "/workspaces/a%2Fb/" → ["workspaces", "a/b"]: split first, then percent-decode each segment as UTF-8. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() && (i == 0 || i == parts.length - 1)) {
                continue;
            }
            out.add(percentDecode(p));
        }
        return out;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw ApiException.invalid("", "the path has a malformed percent-escape");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("", "the path is not valid UTF-8 after percent-decoding");
        }
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("", "the query string has a malformed percent-escape");
            }
        }
        return out;
    }

    private static Response error(ApiException e, String requestId) {
        return Response.json(e.status(), new ErrorBody(e.code(), e.getMessage(), e.details(), requestId));
    }

    /**
     * Sends {@code response} and returns its status. A client that went away is not an error (the access log still
     * records what was answered); anything else thrown here — a header the JDK server refuses — is the caller's
     * to turn into the last resort. The answer to HEAD is the GET answer's headers, Content-Length included,
     * without the body: the JDK server sends no body for HEAD and warns (on stderr) when given a length for one.
     */
    private static int write(HttpExchange exchange, Response response, String requestId) {
        var h = exchange.getResponseHeaders();
        h.set("X-Request-Id", requestId);
        h.set("Cache-Control", "no-store");
        response.headers().forEach(h::set);
        if (response.contentType() != null) {
            h.set("Content-Type", response.contentType());
        }
        boolean head = exchange.getRequestMethod().equals(Router.HEAD);
        if (head && response.status() != 204) {
            h.set("Content-Length", Integer.toString(response.body().length));
        }
        try {
            boolean empty = head || response.body().length == 0;
            exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            // the client went away before reading the answer
        }
        return response.status();
    }

    private static String printable(String s) {
        return nexus.core.id.Names.printable(s);
    }
}
