package nexus.core.json;

/**
 * A JSON document that is malformed or does not have the expected shape. {@link #path()} names the offending
 * value ("$.ssh.port", "$.workspaces[2].name"), so a client learns exactly what to fix.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    public JsonException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** The JSON path of the offending value, "$" for the document itself. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** The path as a field name for API error details: "ssh.port" for "$.ssh.port", "" for the root. */
    public String field() {
        if (path.equals("$")) {
            return "";
        }
        return path.startsWith("$.") ? path.substring(2) : path.substring(1);
    }
}
