package nexus.server.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import nexus.core.Version;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import javax.net.ssl.SSLException;

/**
 * Proves who holds a GitHub token by asking GitHub: {@code GET {api}/user} with {@code Authorization: Bearer}.
 * The token is used for that one request and dropped; it is never stored, logged or put in an exception message.
 */
public final class GitHubIdentity implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI api;
    /** Made on the first registration with a GitHub token: building one loads the TLS stack and the CA certificates
     * (~700 classes), which made the server's start 0.24 s instead of 0.13 s and its AOT cache 5 MB larger. */
    private HttpClient http;

    /** The account behind a token. */
    public record Account(long id, String login) {}

    /** GitHub said no (401/403): the token is wrong, expired or revoked. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /** GitHub could not be asked, or answered something unusable; the cause (if any) is for the server log. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            this(message, null);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** @param api the GitHub API base URL, e.g. https://api.github.com (a trailing slash is ignored) */
    public GitHubIdentity(URI api) {
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    public URI api() {
        return api;
    }

    public Account verify(String token) throws Rejected, Unavailable {
        if (token.isBlank() || token.length() > 1024 || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new Rejected("that is not a GitHub token (it is empty, too long or contains spaces or control characters)");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/user"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "nexus-server/" + Version.current())
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable(unreachable(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking the GitHub API");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new Rejected("GitHub rejected the token (HTTP " + status + "); log in again with 'gh auth login' and retry");
        }
        if (status != 200) {
            throw new Unavailable("the GitHub API at " + api + " answered HTTP " + status + " to GET /user");
        }
        try {
            JsonObject user = JsonCodec.parseObject(response.body());
            return new Account(user.longValue("id"), user.string("login"));
        } catch (JsonException e) {
            throw new Unavailable("the GitHub API at " + api + " answered GET /user with an unexpected body (" + e.getMessage() + ")");
        }
    }

    /** Why GitHub could not be asked, in words (the exception's class and text go to the log, not the answer). */
    private String unreachable(IOException e) {
        String where = "the GitHub API at " + api;
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case HttpConnectTimeoutException _ -> {
                    return where + " did not accept a connection within " + TIMEOUT.toSeconds() + " s";
                }
                case HttpTimeoutException _ -> {
                    return where + " did not answer within " + TIMEOUT.toSeconds() + " s";
                }
                case ConnectException _ -> {
                    return "nothing accepts connections at " + where + " (connection refused)";
                }
                case UnknownHostException _ -> {
                    return "the host of " + where + " is unknown (DNS)";
                }
                case SSLException _ -> {
                    return "the TLS connection to " + where + " failed (its certificate is not trusted, or it does not speak TLS)";
                }
                default -> { }
            }
        }
        return where + " could not be reached (the connection failed)";
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }
}
