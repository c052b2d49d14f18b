package nexus.server.http;

import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.id.Names;
import nexus.core.json.JsonObject;
import nexus.server.log.JsonLog;

/**
 * The JDK HTTP server's own log ({@code java.util.logging} logger {@code com.sun.net.httpserver}) as JSON lines.
 *
 * <p>The JDK server answers some malformed requests itself, before any handler sees them (ServerImpl.Exchange):
 * a Content-Length that is not a number or is negative, a request-target that is not a URI ("%zz"), a request line
 * without a target, a header name with illegal characters, Content-Length twice or beside Transfer-Encoding, a
 * Transfer-Encoding other than chunked. Its answer is a fixed HTML page naming a Java exception; nothing but a DEBUG
 * record of its log says it happened. This handler turns each such record into an access line like every other
 * request's (with a request id of its own and the reason in words), and the JDK server's warnings into JSON warn
 * lines rather than java.util.logging's two plain-text lines on stderr. It is installed once per process
 * ({@link #install}): the JDK's logger is shared by every server in the JVM.
 */
public final class JdkServerLog extends Handler {
    static final String LOGGER = "com.sun.net.httpserver";
    /** ServerImpl.logReply: request line (cut at 80 characters), "[400 Bad Request]", "(reason)"; empty for answers it did not refuse. */
    private static final Pattern REFUSAL = Pattern.compile("(\\S*).* \\[(\\d{3}) [^\\]]*\\] \\((.+)\\)");
    private static final Map<String, String> REASONS = Map.of(
            "Bad request line", "the request line is not METHOD TARGET VERSION",
            "URISyntaxException thrown", "the request-target is not a valid URI (a bad %-escape, a space or a character "
                    + "that must be %-escaped)",
            "Header key contains illegal characters", "a header name holds characters HTTP does not allow",
            "Conflicting or malformed headers detected", "Content-Length is given twice, or beside Transfer-Encoding",
            "Unsupported Transfer-Encoding value", "the only Transfer-Encoding this server accepts is chunked",
            "NumberFormatException thrown", "the Content-Length header is not a number",
            "Illegal Content-Length value", "the Content-Length header is negative");

    /**
     * Held here: java.util.logging keeps loggers weakly, and a collected one would lose this configuration. At FINE,
     * the JDK server logs every request line and answer too (~2 µs a request, measured), the price of hearing of
     * the refusals, which it logs at that level only.
     */
    private static Logger jdkLogger;

    private final JsonLog log;

    private JdkServerLog(JsonLog log) {
        this.log = log;
    }

    /** Sends the JDK HTTP server's log to {@code log} from now on, in this JVM. */
    public static synchronized void install(JsonLog log) {
        Logger l = Logger.getLogger(LOGGER);
        for (Handler h : l.getHandlers()) {
            l.removeHandler(h);
        }
        l.setUseParentHandlers(false);
        // FINE is the JDK's DEBUG, the level of its refusals
        l.setLevel(Level.FINE);
        l.addHandler(new JdkServerLog(log));
        jdkLogger = l;
    }

    @Override
    public void publish(LogRecord r) {
        String message = r.getMessage();
        if (message == null) {
            return;
        }
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            log.warn("the JDK HTTP server warns", JsonObject.builder().put("warning", Names.printable(message)).build());
            return;
        }
        // every answer and request line is logged at this level: most end without a reason, in "()" or not in ")"
        if (!message.endsWith(")") || message.endsWith("()")) {
            return;
        }
        Matcher m = REFUSAL.matcher(message);
        if (m.matches()) {
            String why = m.group(3);
            log.info("request", JsonObject.builder().put("request_id", RequestIds.next()).put("method", Names.printable(m.group(1)))
                    .put("route", "unmatched").put("status", Integer.parseInt(m.group(2)))
                    .put("refused_by", "the JDK HTTP server").put("reason", REASONS.getOrDefault(why, Names.printable(why))).build());
        }
    }

    @Override
    public void flush() {
        // every line is handed to the JSON log at once
    }

    @Override
    public void close() {
        // the JSON log belongs to its server
    }
}
