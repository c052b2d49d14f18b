package nexus.cli;

/**
 * The exit codes of {@code nexus}, one per kind of failure a script may want to tell apart (documented in
 * docs/cli.md). {@code wire()} is the code's name in {@code --json} error objects' {@code exit_code}.
 */
public enum ExitCode {
    OK(0),
    ERROR(1),
    USAGE(2),
    AUTH(3),
    NOT_FOUND(4),
    CONFLICT(5),
    UNREACHABLE(6),
    TIMEOUT(7),
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
