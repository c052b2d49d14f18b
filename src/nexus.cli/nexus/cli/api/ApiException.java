package nexus.cli.api;

import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.core.api.ErrorBody;

/** The server answered with an error ({@link ErrorBody}); {@link #toCli()} turns it into what the user sees. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ErrorBody body;

    public ApiException(int status, ErrorBody body) {
        super(body.message());
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return body;
    }

    public String code() {
        return body.error();
    }

    public boolean is(String code) {
        return code.equals(body.error());
    }

    public CliException toCli() {
        ExitCode exit = switch (status) {
            case 401, 403 -> ExitCode.AUTH;
            case 404 -> ExitCode.NOT_FOUND;
            case 409 -> ExitCode.CONFLICT;
            case 504 -> ExitCode.TIMEOUT;
            default -> ExitCode.ERROR;
        };
        String next = switch (body.error()) {
            case "auth_required" -> "log in again with `nexus auth github` (or `nexus up <repo>`, which does it for you)";
            case "forbidden" -> "this needs other rights; `nexus auth status` shows who you are logged in as";
            case "not_found" -> "`nexus workspace list` shows your workspaces";
            case "no_node_available" -> "a server admin must add or repair a node (`nexus node list`, `nexus node add user@host`)";
            // the message says what to free or whom to ask; this shows the whole picture
            case "quota_exceeded" -> "`nexus quota show` lists your limits and what uses them";
            case "internal_error" -> "try again; if it keeps failing, give the server admin the request id "
                    + (body.requestId() == null ? "" : body.requestId());
            default -> null;
        };
        return new CliException(exit, body.error(), body.message(), next, body.details(), body.requestId(), this);
    }
}
