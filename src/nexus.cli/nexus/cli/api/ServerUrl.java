package nexus.cli.api;

import java.net.URI;
import java.net.URISyntaxException;
import nexus.cli.CliException;
import nexus.core.id.Names;

/**
 * A server address as users type it ("nexus.example.com", "10.0.0.5:3001", "http://127.0.0.1:3001/") turned
 * into the canonical base URL ("https://nexus.example.com:3001"). Without a scheme, loopback addresses get
 * http and everything else https; without a port, 3001 (the server's default).
 */
public final class ServerUrl {
    public static final int DEFAULT_PORT = 3001;

    private ServerUrl() {}

    public static String normalize(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.chars().anyMatch(c -> c <= ' ')) {
            throw invalid(text);
        }
        boolean schemeGiven = t.contains("://");
        try {
            URI uri = new URI(schemeGiven ? t : "http://" + t);
            String host = uri.getHost();
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (host == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getUserInfo() != null
                    || uri.getQuery() != null || uri.getFragment() != null
                    || !(uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
                throw invalid(text);
            }
            if (!schemeGiven) {
                scheme = isLoopback(host) ? "http" : "https";
            }
            int port = uri.getPort() > 0 ? uri.getPort() : schemeGiven ? -1 : DEFAULT_PORT;
            return new URI(scheme, null, host, port, null, null, null).toString();
        } catch (URISyntaxException e) {
            throw invalid(text);
        }
    }

    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    public static boolean isLoopbackUrl(String url) {
        return isLoopback(URI.create(url).getHost());
    }

    private static CliException invalid(String text) {
        return CliException.usage("\"" + Names.printable(text) + "\" is not a server address",
                "give a host name, host:port or an http(s) URL, e.g. `nexus server nexus.example.com`");
    }
}
