package nexus.server.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nexus.core.Version;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonString;
import nexus.core.json.JsonValue;
import nexus.server.http.Access;
import nexus.server.http.Dispatcher;
import nexus.server.http.Route;
import nexus.server.http.Schema;

/**
 * Renders the route table the router serves as an OpenAPI 3.1 document: one operation per route with its
 * security, parameters, request body, success replies and error replies (all with the error body schema), and a
 * component for every named schema reachable from them.
 */
public final class OpenApiDocument {
    /** Descriptions of path parameters, by the names the route templates use. */
    private static final Map<String, String> PATH_PARAMETERS = Map.of(
            "ws", "workspace id (ws-…) or the caller's workspace name",
            "id", "node id (node-…); a node token may only name its own node",
            "fingerprint", "SSH key fingerprint, SHA256:… URL-encoded (the SHA256: prefix may be left out)",
            "upload", "upload id (upl-…)",
            "token", "token id (tok-…) as GET …/tokens lists it",
            "user", "user name or user id (user-…)",
            "node", "node name or node id (node-…)");

    private static final Map<Integer, String> ERROR_MEANINGS = Map.ofEntries(
            Map.entry(400, "invalid_request: details.field names the offending field, details.missing_fields lists missing ones (the first 20; missing_fields_total counts them)"),
            Map.entry(401, "auth_required: no token, or not a valid one (unknown, revoked or expired: the message says which)"),
            Map.entry(403, "forbidden: the token's scope may not use this route or resource"),
            Map.entry(404, "not_found (also for other users' workspaces)"),
            Map.entry(409, "conflict, workspace_exists or quota_exceeded: details say why"),
            Map.entry(413, "payload_too_large: the body exceeds the server's limit"),
            Map.entry(415, "unsupported_media_type: send application/json"),
            Map.entry(500, "internal_error: logged under the request id"),
            Map.entry(502, "github_unavailable: GitHub could not be asked"),
            Map.entry(503, "no_node_available or ports_exhausted: details say what to do"));

    private final Schema errorSchema;
    private final Map<String, Schema.ObjectSchema> components = new TreeMap<>();

    private OpenApiDocument(Schema errorSchema) {
        this.errorSchema = errorSchema;
    }

    /** The document for {@code routes}; {@code errorSchema} is the body of every error answer. */
    public static JsonObject render(List<Route> routes, Schema errorSchema) {
        return new OpenApiDocument(errorSchema).document(routes);
    }

    private JsonObject document(List<Route> routes) {
        Map<String, Map<String, JsonObject>> paths = new TreeMap<>();
        for (Route r : routes) {
            paths.computeIfAbsent(r.path().text(), p -> new LinkedHashMap<>())
                    .put(r.method().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        JsonObject.Builder pathsJson = JsonObject.builder();
        paths.forEach((path, ops) -> {
            JsonObject.Builder item = JsonObject.builder();
            ops.forEach(item::put);
            pathsJson.put(path, item.build());
        });
        schema(errorSchema);
        JsonObject.Builder schemas = JsonObject.builder();
        // Rendering a component can discover more; loop until none is new.
        Map<String, JsonObject> rendered = new TreeMap<>();
        while (rendered.size() < components.size()) {
            for (var e : new ArrayList<>(components.entrySet())) {
                rendered.computeIfAbsent(e.getKey(), k -> object(e.getValue()));
            }
        }
        rendered.forEach(schemas::put);
        return JsonObject.builder()
                .put("openapi", "3.1.0")
                .put("info", JsonObject.builder()
                        .put("title", "Nexus API")
                        .put("version", Version.current())
                        .put("description", "Nexus coordination server, API v1. Every answer carries X-Request-Id; every "
                                + "error has the ErrorBody shape. Times are RFC 3339 UTC.")
                        .build())
                .put("servers", JsonArray.ofValues(List.of(JsonObject.builder().put("url", Dispatcher.BASE).build())))
                .put("paths", pathsJson.build())
                .put("components", JsonObject.builder()
                        .put("schemas", schemas.build())
                        .put("securitySchemes", JsonObject.builder()
                                .put("bearer", JsonObject.builder().put("type", "http").put("scheme", "bearer")
                                        .put("description", "nxa_… admin, nxu_… user or nxn_… node token").build())
                                .build())
                        .build())
                .build();
    }

    private JsonObject operation(Route r) {
        Route.Doc d = r.doc();
        JsonObject.Builder op = JsonObject.builder()
                .put("operationId", d.operationId())
                .put("tags", JsonArray.ofStrings(List.of(d.tag())))
                .put("summary", d.summary());
        String access = "Access: " + switch (r.access()) {
            case PUBLIC -> "no token.";
            case USER -> "user token.";
            case ADMIN -> "admin token.";
            case NODE -> "node token.";
            case USER_OR_ADMIN -> "user token (own workspaces) or admin token (any workspace, by id).";
        };
        op.put("description", d.description().isEmpty() ? access : d.description() + " " + access);
        op.put("security", r.access() == Access.PUBLIC ? JsonArray.ofValues(List.of())
                : JsonArray.ofValues(List.of(JsonObject.builder().put("bearer", JsonArray.ofStrings(List.of())).build())));
        List<JsonValue> params = new ArrayList<>();
        for (String p : r.path().parameters()) {
            String desc = PATH_PARAMETERS.get(p);
            if (desc == null) {
                throw new IllegalStateException("path parameter {" + p + "} of " + r.path() + " has no description");
            }
            params.add(JsonObject.builder().put("name", p).put("in", "path").put("required", true)
                    .put("description", desc).put("schema", JsonObject.builder().put("type", "string").build()).build());
        }
        for (Route.Param q : d.query()) {
            params.add(JsonObject.builder().put("name", q.name()).put("in", "query").put("required", false)
                    .put("description", q.description()).put("schema", schema(q.schema())).build());
        }
        if (!params.isEmpty()) {
            op.put("parameters", JsonArray.ofValues(params));
        }
        if (d.body() != null) {
            op.put("requestBody", JsonObject.builder()
                    .put("required", d.bodyRequired())
                    .put("content", json(d.body()))
                    .build());
        } else if (d.binaryBody() != null) {
            op.put("requestBody", JsonObject.builder()
                    .put("required", true)
                    .put("description", d.binaryBody().description() + " (at most " + d.binaryBody().maxBytes() + " bytes)")
                    .put("content", binary(d.binaryBody().mediaType()))
                    .build());
        }
        JsonObject.Builder responses = JsonObject.builder();
        for (Route.Reply reply : d.replies()) {
            JsonObject.Builder resp = JsonObject.builder().put("description", reply.description());
            if (reply.schema() != null) {
                resp.put("content", json(reply.schema()));
            } else if (reply.binary() != null) {
                resp.put("content", binary(reply.binary()));
            } else if (reply.status() != 204) {
                resp.put("content", JsonObject.builder().put("text/plain", JsonObject.builder()
                        .put("schema", JsonObject.builder().put("type", "string").build()).build()).build());
            }
            responses.put(String.valueOf(reply.status()), resp.build());
        }
        List<Integer> errors = new ArrayList<>(d.errors());
        errors.add(500);
        for (int status : errors) {
            responses.put(String.valueOf(status), JsonObject.builder()
                    .put("description", ERROR_MEANINGS.getOrDefault(status, "error"))
                    .put("content", json(errorSchema))
                    .build());
        }
        op.put("responses", responses.build());
        return op.build();
    }

    private static JsonObject binary(String mediaType) {
        return JsonObject.builder().put(mediaType, JsonObject.builder().put("schema", JsonObject.builder()
                .put("type", "string").put("contentMediaType", mediaType).build()).build()).build();
    }

    private JsonObject json(Schema s) {
        return JsonObject.builder().put("application/json", JsonObject.builder().put("schema", schema(s)).build()).build();
    }

    /** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) for {@code s}; named objects become $refs. */
    private JsonObject schema(Schema s) {
        return switch (s) {
            case Schema.RefSchema r -> {
                components.putIfAbsent(r.name(), r.target());
                yield JsonObject.builder().put("$ref", "#/components/schemas/" + r.name()).build();
            }
            case Schema.NullableSchema n -> {
                JsonObject inner = schema(n.inner());
                if (inner.has("$ref")) {
                    yield JsonObject.builder().put("anyOf", JsonArray.ofValues(List.of(inner,
                            JsonObject.builder().put("type", "null").build()))).build();
                }
                JsonObject.Builder b = JsonObject.builder();
                inner.members().forEach((k, v) -> b.put(k, k.equals("type")
                        ? JsonArray.ofValues(List.of(v, new JsonString("null"))) : v));
                yield b.build();
            }
            case Schema.StringSchema str -> {
                JsonObject.Builder b = typed("string", str.description());
                if (str.format() != null) {
                    b.put("format", str.format());
                }
                if (str.values() != null) {
                    b.put("enum", JsonArray.ofStrings(str.values()));
                }
                if (str.maxLength() != null) {
                    b.put("maxLength", str.maxLength());
                }
                yield b.build();
            }
            case Schema.IntegerSchema i -> {
                JsonObject.Builder b = typed("integer", i.description());
                if (i.minimum() != null) {
                    b.put("minimum", i.minimum());
                }
                if (i.maximum() != null) {
                    b.put("maximum", i.maximum());
                }
                yield b.build();
            }
            case Schema.NumberSchema n -> typed("number", n.description()).build();
            case Schema.BooleanSchema b -> typed("boolean", b.description()).build();
            case Schema.ArraySchema a -> typed("array", a.description()).put("items", schema(a.items())).build();
            case Schema.ObjectSchema o -> object(o);
        };
    }

    private JsonObject object(Schema.ObjectSchema o) {
        JsonObject.Builder b = typed("object", o.description());
        if (!o.properties().isEmpty()) {
            JsonObject.Builder props = JsonObject.builder();
            o.properties().forEach((name, s) -> props.put(name, schema(s)));
            b.put("properties", props.build());
        }
        if (!o.required().isEmpty()) {
            b.put("required", JsonArray.ofStrings(List.copyOf(o.required())));
        }
        if (o.additionalProperties() != null) {
            b.put("additionalProperties", schema(o.additionalProperties()));
        }
        return b.build();
    }

    private static JsonObject.Builder typed(String type, String description) {
        JsonObject.Builder b = JsonObject.builder().put("type", type);
        if (description != null && !description.isEmpty()) {
            b.put("description", description);
        }
        return b;
    }
}
