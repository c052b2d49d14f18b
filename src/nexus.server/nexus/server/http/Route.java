package nexus.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One operation of the API: method, path template, who may call it, the handler, and its documentation. The
 * router serves exactly the routes it is given and the OpenAPI document is rendered from the same list, so the
 * two cannot disagree.
 */
public record Route(String method, PathTemplate path, Access access, Handler handler, Doc doc) {

    /** A query parameter. */
    public record Param(String name, Schema schema, String description) {}

    /**
     * A success answer: status, body schema (null for no body, or for {@code binary}) and what it means.
     * {@code binary} is the media type of a body that is not JSON (null for JSON).
     */
    public record Reply(int status, Schema schema, String description, String binary) {}

    /**
     * A request body that is not JSON: the handler reads it as a stream ({@link Request#bodyStream}), at most
     * {@code maxBytes} (more is a 413).
     */
    public record Binary(String mediaType, String description, long maxBytes) {}

    /**
     * @param body         the request body schema, or null when the route takes no JSON body
     * @param bodyRequired false: an empty body is read as {@code {}}
     * @param binaryBody   a body that is not JSON, or null
     * @param errors       error statuses the route answers besides 500 (and 401/403 for routes that need a token)
     */
    public record Doc(String operationId, String tag, String summary, String description, Schema body,
                      boolean bodyRequired, Binary binaryBody, List<Param> query, List<Reply> replies, List<Integer> errors) {
        public Doc {
            query = List.copyOf(query);
            replies = List.copyOf(replies);
            errors = List.copyOf(errors);
        }
    }

    public static Builder get(String path) {
        return new Builder("GET", path);
    }

    public static Builder post(String path) {
        return new Builder("POST", path);
    }

    public static Builder put(String path) {
        return new Builder("PUT", path);
    }

    public static Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    /** Declares a route; {@link #handler} finishes it. Every route names its access, id, tag, summary and replies. */
    public static final class Builder {
        private final String method;
        private final PathTemplate path;
        private Access access;
        private String operationId;
        private String tag;
        private String summary;
        private String description = "";
        private Schema body;
        private boolean bodyRequired;
        private Binary binaryBody;
        private final List<Param> query = new ArrayList<>();
        private final List<Reply> replies = new ArrayList<>();
        private final TreeSet<Integer> errors = new TreeSet<>();

        private Builder(String method, String path) {
            this.method = method;
            this.path = new PathTemplate(path);
        }

        public Builder access(Access a) {
            this.access = a;
            return this;
        }

        public Builder id(String operationId) {
            this.operationId = operationId;
            return this;
        }

        public Builder tag(String t) {
            this.tag = t;
            return this;
        }

        public Builder summary(String s) {
            this.summary = s;
            return this;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder body(Schema schema) {
            this.body = schema;
            this.bodyRequired = true;
            errors.add(400);
            errors.add(413);
            errors.add(415);
            return this;
        }

        /** A body that is not JSON, streamed to the handler. */
        public Builder binaryBody(String mediaType, String desc, long maxBytes) {
            this.binaryBody = new Binary(mediaType, desc, maxBytes);
            errors.add(400);
            errors.add(413);
            return this;
        }

        /** A body that may be left out (read as {@code {}}). */
        public Builder optionalBody(Schema schema) {
            body(schema);
            this.bodyRequired = false;
            return this;
        }

        public Builder query(String name, Schema schema, String desc) {
            query.add(new Param(name, schema, desc));
            errors.add(400);
            return this;
        }

        public Builder reply(int status, Schema schema, String desc) {
            replies.add(new Reply(status, schema, desc, null));
            return this;
        }

        /** A success answer whose body is not JSON but {@code mediaType}. */
        public Builder binaryReply(int status, String mediaType, String desc) {
            replies.add(new Reply(status, null, desc, mediaType));
            return this;
        }

        public Builder errors(Integer... statuses) {
            errors.addAll(List.of(statuses));
            return this;
        }

        public Route handler(Handler h) {
            Objects.requireNonNull(access, "access of " + method + " " + path);
            Objects.requireNonNull(operationId, "operation id of " + method + " " + path);
            Objects.requireNonNull(tag, "tag of " + method + " " + path);
            Objects.requireNonNull(summary, "summary of " + method + " " + path);
            if (replies.isEmpty()) {
                throw new IllegalStateException("route " + method + " " + path + " documents no reply");
            }
            if (!path.parameters().isEmpty()) {
                errors.add(400);
            }
            if (access != Access.PUBLIC) {
                errors.add(401);
                errors.add(403);
            }
            if (body != null && binaryBody != null) {
                throw new IllegalStateException("route " + method + " " + path + " declares a JSON and a binary body");
            }
            return new Route(method, path, access, h, new Doc(operationId, tag, summary, description, body, bodyRequired,
                    binaryBody, query, replies, List.copyOf(errors)));
        }
    }
}
