package nexus.cli;

import nexus.core.json.JsonObject;

/**
 * A failure the user sees: what failed and why ({@code message}), the command to run next ({@code next}), a
 * stable machine code ({@code code}, the server's error code when the server said no) and the exit code.
 * Thrown anywhere below a command; {@link Cli} prints it once, as text or as the {@code --json} error object.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exit;
    private final String code;
    private final String next;
    private final transient JsonObject details;
    private final String requestId;

    public CliException(ExitCode exit, String code, String message, String next) {
        this(exit, code, message, next, JsonObject.empty(), null, null);
    }

    public CliException(ExitCode exit, String code, String message, String next, JsonObject details, String requestId,
                        Throwable cause) {
        super(message, cause);
        this.exit = exit;
        this.code = code;
        this.next = next;
        this.details = details == null ? JsonObject.empty() : details;
        this.requestId = requestId;
    }

    public static CliException usage(String message, String next) {
        return new CliException(ExitCode.USAGE, "usage", message, next);
    }

    public static CliException error(String code, String message, String next) {
        return new CliException(ExitCode.ERROR, code, message, next);
    }

    public ExitCode exit() {
        return exit;
    }

    public String code() {
        return code;
    }

    /** The next step to take, usually a command line; null when the message already says it. */
    public String next() {
        return next;
    }

    public JsonObject details() {
        return details;
    }

    public String requestId() {
        return requestId;
    }

    /** The same failure with a different next step (callers know better what the user was trying to do). */
    public CliException withNext(String newNext) {
        return new CliException(exit, code, getMessage(), newNext, details, requestId, getCause());
    }

    /** The error object of {@code --json} output: the API's ErrorBody members plus {@code next} and {@code exit_code}. */
    public JsonObject toJson() {
        return JsonObject.builder()
                .put("error", code)
                .put("message", getMessage())
                .put("next", next)
                .put("exit_code", exit.code())
                .put("details", details)
                .put("request_id", requestId)
                .build();
    }
}
