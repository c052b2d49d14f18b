package nexus.server.http;

import nexus.core.json.JsonObject;

/**
 * An answer other than success: HTTP status, stable error code, a message that tells the caller what to do
 * next, and details. The dispatcher turns it into the error body of DESIGN §3; it never carries a stack trace
 * to the client.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient JsonObject details;

    public ApiException(int status, String code, String message, JsonObject details) {
        this(status, code, message, details, null);
    }

    /**
     * @param cause what went wrong underneath (GitHub unreachable, say), for the server log only: the dispatcher
     *              logs it under the request id; the answer says what happened in words
     */
    public ApiException(int status, String code, String message, JsonObject details, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? JsonObject.empty() : details;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonObject details() {
        return details;
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_request", message, JsonObject.builder().put("field", field).build());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message, JsonObject details) {
        return new ApiException(409, "conflict", message, details);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }
}
