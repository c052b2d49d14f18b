package nexus.cli.output;

import java.io.PrintStream;
import nexus.cli.Env;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonValue;

/**
 * Where everything the CLI says goes. Results go to stdout: text for people, or with {@code --json} exactly one
 * JSON document and nothing else. Progress and notes go to stderr (progress animates only on a terminal);
 * {@code --quiet} keeps only results and errors, {@code --verbose} adds details.
 */
public final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean quiet;
    private final boolean verbose;
    private final boolean interactive;
    private final Style style;
    private boolean documentWritten;

    public Output(PrintStream out, PrintStream err, boolean json, boolean quiet, boolean verbose, boolean interactive,
                  Style style) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
        this.verbose = verbose;
        this.interactive = interactive;
        this.style = style;
    }

    public static Output of(Env env, boolean json, boolean quiet, boolean verbose, boolean noColor) {
        boolean color = env.interactive() && !noColor && env.get("NO_COLOR") == null
                && !"dumb".equals(env.get("TERM"));
        return new Output(env.out(), env.err(), json, quiet, verbose, env.interactive(), new Style(color));
    }

    public boolean json() {
        return json;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean interactive() {
        return interactive;
    }

    public Style style() {
        return style;
    }

    /** A line of a command's result, for people (skipped with --json). */
    public void line(String text) {
        if (!json) {
            out.println(text);
        }
    }

    /** Progress or a note about what is happening (stderr; skipped with --json and --quiet). */
    public void info(String text) {
        if (!json && !quiet) {
            err.println(text);
        }
    }

    /** Something the user should act on even though the command goes on (stderr, also with --json). */
    public void warn(String text) {
        if (!quiet) {
            err.println(style.warn(text));
        }
    }

    /** Detail for --verbose (stderr). */
    public void detail(String text) {
        if (verbose) {
            err.println(style.dim(text));
        }
    }

    /** The --json document of a command that ran; with text output, runs {@code human} instead. */
    public void result(JsonValue document, Runnable human) {
        if (json) {
            document(document);
        } else {
            human.run();
        }
    }

    /** Writes the one JSON document (ignored if one was already written, so an error cannot append a second). */
    public void document(JsonValue document) {
        if (documentWritten) {
            return;
        }
        documentWritten = true;
        out.println(JsonCodec.writePretty(document));
        out.flush();
    }

    public boolean documentWritten() {
        return documentWritten;
    }

    public void error(String message, String next) {
        err.println(style.red("error:") + " " + message);
        if (next != null && !next.isBlank()) {
            err.println("  next: " + next);
        }
    }

    /** A progress display: an animated status line on a terminal, plain lines otherwise, nothing with --json/--quiet. */
    public Progress progress() {
        if (json || quiet) {
            return Progress.silent();
        }
        return interactive ? Progress.animated(err, style) : Progress.plain(err);
    }
}
