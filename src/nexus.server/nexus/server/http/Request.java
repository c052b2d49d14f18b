package nexus.server.http;

import com.sun.net.httpserver.Headers;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonString;
import nexus.server.auth.Principal;

/** One request after routing and authentication: path parameters, query, headers, caller and body. */
public final class Request {
    private final String id;
    private final Route route;
    private final Map<String, String> pathParameters;
    private final Map<String, String> query;
    private final Headers headers;
    private final Principal principal;
    private final byte[] body;
    private final InputStream bodyStream;
    private final String remote;

    Request(String id, Route route, Map<String, String> pathParameters, Map<String, String> query, Headers headers,
            Principal principal, byte[] body, InputStream bodyStream, String remote) {
        this.id = id;
        this.route = route;
        this.pathParameters = pathParameters;
        this.query = query;
        this.headers = headers;
        this.principal = principal;
        this.body = body;
        this.bodyStream = bodyStream;
        this.remote = remote;
    }

    /**
     * The body of a route with a {@linkplain Route.Binary binary body}, unread; reading past the route's limit throws
     * a 413 {@link ApiException}.
     */
    public InputStream bodyStream() {
        if (bodyStream == null) {
            throw new IllegalStateException("route " + route.path() + " declares no binary body");
        }
        return bodyStream;
    }

    /** The request id ({@code req-…}), also in the X-Request-Id header and the log. */
    public String id() {
        return id;
    }

    /** The caller's IP address as the server sees it (a proxy's, behind one). */
    public String remote() {
        return remote;
    }

    public Route route() {
        return route;
    }

    /** The caller; null only on PUBLIC routes. */
    public Principal principal() {
        return principal;
    }

    public String path(String name) {
        String v = pathParameters.get(name);
        if (v == null) {
            throw new IllegalStateException("route " + route.path() + " has no parameter " + name);
        }
        return v;
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    /** An integer query parameter within [min, max], or {@code fallback} when absent. */
    public long queryLong(String name, long fallback, long min, long max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "query parameter " + name + " must be an integer, got \""
                    + nexus.core.id.Names.printable(v) + "\"");
        }
        if (n < min || n > max) {
            throw ApiException.invalid(name, "query parameter " + name + " must lie between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** A boolean query parameter ("true"/"false"/"1"/"0"), or {@code fallback} when absent. */
    public boolean queryBool(String name, boolean fallback) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.invalid(name, "query parameter " + name + " must be true or false, got \""
                    + nexus.core.id.Names.printable(v) + "\"");
        };
    }

    /**
     * The body as a JSON object checked against the route's schema: the missing required fields are reported at
     * once ({@code details.missing_fields}, the first {@link CappedList#LIMIT}, and {@code missing_fields_total}),
     * else the first wrong value ({@code details.field}).
     */
    public JsonObject json() {
        Schema schema = route.doc().body();
        if (schema == null) {
            throw new IllegalStateException("route " + route.path() + " declares no body");
        }
        JsonObject o;
        if (body.length == 0) {
            if (route.doc().bodyRequired()) {
                throw ApiException.invalid("", "the request body is empty; send a JSON object (Content-Type: application/json)");
            }
            o = JsonObject.empty();
        } else {
            try {
                o = JsonCodec.parseObject(body);
            } catch (JsonException e) {
                throw ApiException.invalid(e.field(), "the request body is not valid JSON: " + e.problem());
            }
        }
        SchemaCheck.Result r = SchemaCheck.check(o, schema);
        CappedList<String> missing = r.missing();
        if (!missing.isEmpty()) {
            boolean one = missing.total() == 1;
            throw new ApiException(400, "invalid_request", (one ? "required field " : "required fields ")
                    + String.join(", ", missing.first()) + (missing.omitted() > 0 ? " and " + missing.omitted() + " more" : "")
                    + (one ? " is" : " are") + " missing",
                    missing.putInto(JsonObject.builder().put("field", missing.first().getFirst()), "missing_fields", JsonString::new)
                            .build());
        }
        if (!r.problems().isEmpty()) {
            SchemaCheck.Problem p = r.problems().first().getFirst();
            throw ApiException.invalid(p.field(), "field " + (p.field().isEmpty() ? "(body)" : p.field()) + " " + p.problem());
        }
        return o;
    }

    /** The body read into a record; a shape the reader rejects is a 400 naming the field. */
    public <T> T body(Function<JsonObject, T> reader) {
        JsonObject o = json();
        try {
            return reader.apply(o);
        } catch (JsonException e) {
            throw ApiException.invalid(e.field(), "field " + e.field() + ": " + e.problem());
        }
    }
}
