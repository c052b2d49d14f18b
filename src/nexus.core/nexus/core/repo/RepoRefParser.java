package nexus.core.repo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.id.Names;

/**
 * Parses the repository forms Nexus accepts (docs/repositories.md) and refuses everything else, in particular
 * what git would treat specially: options ({@code -…}), remote helpers ({@code ext::sh -c …}, {@code fd::3}),
 * transports other than https/ssh/file, credentials inside URLs, {@code ..} in repository paths, and control
 * characters.
 */
final class RepoRefParser {
    static final String EXAMPLES = "e.g. owner/repo, https://github.com/owner/repo, git@github.com:owner/repo.git, "
            + "https://gitlab.com/group/repo.git or /path/to/repo";
    private static final int MAX_LENGTH = 1000;

    private static final Pattern REMOTE_HELPER = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*::");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    /** [user@]host:path, git's scp-like ssh syntax. */
    private static final Pattern SCP = Pattern.compile("^(?:([^@/:]+)@)?([^@/:]+):(.*)$", Pattern.DOTALL);
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
    /** GitHub's rules: owners are letters, digits and single inner '-', at most 39; repositories [A-Za-z0-9._-]. */
    private static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}");
    private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private RepoRefParser() {}

    static RepoRef parse(String raw, Path baseDir) {
        if (raw == null || raw.isBlank()) {
            throw refused("no repository given");
        }
        String in = raw.strip();
        if (in.length() > MAX_LENGTH) {
            throw refused("the repository reference is " + in.length() + " characters long");
        }
        if (in.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)) {
            throw refused("\"" + Names.printable(in) + "\" contains control characters");
        }
        rejectCredentials(in);
        if (in.startsWith("-")) {
            throw refused("\"" + Names.printable(in) + "\" starts with '-', which git would read as an option");
        }
        if (REMOTE_HELPER.matcher(in).find()) {
            throw refused("\"" + Names.printable(in) + "\" uses a git remote helper (transport::address); only "
                    + "https, ssh and local repositories are accepted");
        }
        Matcher scheme = SCHEME.matcher(in);
        if (scheme.matches()) {
            return url(in, scheme.group(1).toLowerCase(Locale.ROOT), scheme.group(2));
        }
        if (in.startsWith("/")) {
            return local(in, in);
        }
        Matcher scp = SCP.matcher(in);
        if (scp.matches() && (scp.group(1) != null || scp.group(2).contains("."))) {
            noWhitespace(in);
            return remote(in, "ssh", scp.group(1), scp.group(2), null, scp.group(3), true);
        }
        if (in.startsWith("~")) {
            throw refused("\"" + Names.printable(in) + "\": '~' is not expanded here; give the full path");
        }
        if (isShorthand(in)) {
            noWhitespace(in);
            String[] parts = in.split("/");
            return github(in, parts[0], parts[1]);
        }
        if (baseDir == null || !baseDir.isAbsolute()) {
            throw refused("\"" + Names.printable(in) + "\" is a relative path; give an absolute path or a URL");
        }
        return local(in, baseDir.resolve(in).toString());
    }

    /**
     * owner/repo: no scheme, exactly one '/', nothing path-like. A relative directory with one '/' is written
     * ./dir/sub (or with a trailing '/', as shells complete directories).
     */
    private static boolean isShorthand(String in) {
        return in.indexOf('/') > 0 && in.indexOf('/') == in.lastIndexOf('/') && !in.endsWith("/")
                && !in.startsWith(".");
    }

    private static RepoRef url(String in, String scheme, String rest) {
        switch (scheme) {
            case "https", "ssh" -> { }
            case "file" -> {
                if (!rest.startsWith("/")) {
                    throw refused("\"" + Names.printable(in) + "\" names another machine; a file URL must be local: "
                            + "file:///path/to/repo");
                }
                return local(in, rest);
            }
            case "http" -> throw refused("\"" + Names.printable(in) + "\" uses plain http, which anyone on the way can "
                    + "tamper with; use https:// or ssh");
            default -> throw refused("\"" + Names.printable(in) + "\" uses " + Names.printable(scheme)
                    + "://; only https://, ssh:// and file:// URLs are accepted");
        }
        noWhitespace(in);
        if (in.contains("?") || in.contains("#")) {
            throw refused("\"" + Names.printable(in) + "\" has a query or fragment (? or #), which is not part of a "
                    + "repository URL");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String user = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {   // only ssh gets here with a user (rejectCredentials)
            user = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String port = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            port = authority.substring(colon + 1);
            authority = authority.substring(0, colon);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw refused("\"" + Names.printable(in) + "\" has an invalid port \"" + Names.printable(port) + "\"");
            }
        }
        return remote(in, scheme, user, authority, port, path, false);
    }

    private static RepoRef remote(String in, String scheme, String user, String host, String port, String path,
                                  boolean scpSyntax) {
        if (user != null && !USER.matcher(user).matches()) {
            throw refused("\"" + Names.printable(in) + "\" has an invalid user name \"" + Names.printable(user) + "\"");
        }
        if (!HOST.matcher(host).matches()) {
            throw refused("\"" + Names.printable(in) + "\" has an invalid host name \"" + Names.printable(host) + "\"");
        }
        host = host.toLowerCase(Locale.ROOT);
        List<String> segments = segments(in, path);
        String name = segments.getLast().endsWith(".git")
                ? segments.getLast().substring(0, segments.getLast().length() - 4) : segments.getLast();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw refused("\"" + Names.printable(in) + "\" does not end in a repository name");
        }
        if (host.equals(RepoRef.GITHUB_HOST) || host.equals("www." + RepoRef.GITHUB_HOST)) {
            if (segments.size() != 2) {
                throw refused("\"" + Names.printable(in) + "\" is not a repository address"
                        + (segments.size() > 2 ? " but a link inside one; use https://github.com/" + segments.get(0)
                        + "/" + segments.get(1) : "; GitHub repositories are github.com/owner/repo"));
            }
            return github(in, segments.get(0), name);
        }
        String owner = segments.size() == 1 ? null : String.join("/", segments.subList(0, segments.size() - 1));
        String normalizedPath = String.join("/", segments);
        String cloneUrl = scpSyntax
                ? (user == null ? "" : user + "@") + host + ":" + (path.startsWith("/") ? "/" : "") + normalizedPath
                : scheme + "://" + (user == null ? "" : user + "@") + host + (port == null ? "" : ":" + port) + "/"
                + normalizedPath;
        return new RepoRef(RepoRef.Kind.REMOTE, host, owner, name, cloneUrl, null);
    }

    /** The path's segments: each plain, none empty, "." or "..", none starting with '-'. */
    private static List<String> segments(String in, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (p.isEmpty()) {
            throw refused("\"" + Names.printable(in) + "\" names a host but no repository");
        }
        List<String> segments = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw refused("\"" + Names.printable(in) + "\" has an empty, '.' or '..' path segment");
            }
            if (s.startsWith("-")) {
                throw refused("\"" + Names.printable(in) + "\" has a path segment starting with '-' (\""
                        + Names.printable(s) + "\")");
            }
            if (!SEGMENT.matcher(s).matches()) {
                throw refused("\"" + Names.printable(in) + "\" has characters git hosts do not use in repository "
                        + "paths (\"" + Names.printable(s) + "\"); use letters, digits and . _ ~ -");
            }
            segments.add(s);
        }
        return segments;
    }

    private static RepoRef github(String in, String owner, String repo) {
        String name = repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo;
        if (!GITHUB_OWNER.matcher(owner).matches()) {
            throw refused("\"" + Names.printable(owner) + "\" in \"" + Names.printable(in) + "\" is not a GitHub owner: "
                    + "owners use letters, digits and single '-' between them (at most 39)");
        }
        if (!GITHUB_REPO.matcher(name).matches() || name.equals(".") || name.equals("..") || name.startsWith("-")) {
            throw refused("\"" + Names.printable(repo) + "\" in \"" + Names.printable(in) + "\" is not a GitHub "
                    + "repository name: names use letters, digits, '.', '_' and '-' (at most 100)");
        }
        return RepoRef.github(owner, name);
    }

    /** A local repository; spaces are fine in its path (it only ever travels as one argument), '-' starts are not. */
    private static RepoRef local(String in, String absolute) {
        if (absolute.chars().anyMatch(c -> Character.isWhitespace(c) && c != ' ')) {
            throw refused("\"" + Names.printable(in) + "\" contains whitespace other than spaces");
        }
        Path path = Path.of(absolute).normalize();
        for (Path part : path) {
            if (part.toString().startsWith("-")) {
                throw refused("\"" + Names.printable(in) + "\" has a path component starting with '-' (\""
                        + Names.printable(part.toString()) + "\"), which git could read as an option");
            }
        }
        if (path.getFileName() == null) {
            throw refused("\"" + Names.printable(in) + "\" is the root directory, not a repository");
        }
        String name = path.getFileName().toString();
        return new RepoRef(RepoRef.Kind.LOCAL, null, null, name.endsWith(".git") && name.length() > 4
                ? name.substring(0, name.length() - 4) : name, path.toString(), path);
    }

    private static void noWhitespace(String in) {
        if (in.chars().anyMatch(Character::isWhitespace)) {
            throw refused("\"" + Names.printable(in) + "\" contains whitespace");
        }
    }

    /**
     * Refuses user information that can hold a secret: any in an https (or other non-ssh) URL, where tokens get
     * pasted, and "user:password@" anywhere. Runs before any other check so a secret is never echoed back.
     */
    private static void rejectCredentials(String in) {
        Matcher scheme = SCHEME.matcher(in);
        String authority = scheme.matches() ? scheme.group(2).split("/", 2)[0] : in.split("/", 2)[0];
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return;
        }
        String userInfo = authority.substring(0, at);
        boolean ssh = scheme.matches() && scheme.group(1).equalsIgnoreCase("ssh");
        if (userInfo.contains(":") || scheme.matches() && !ssh) {
            String rest = in.substring(in.indexOf(authority) + at + 1);
            throw refused("the repository reference has credentials in it (\"" + (scheme.matches()
                    ? scheme.group(1) + "://" : "") + "…@" + Names.printable(rest) + "\"); never put passwords or "
                    + "tokens in URLs, Nexus uses your gh login for private GitHub repositories");
        }
    }

    private static RepoRefException refused(String what) {
        return new RepoRefException(what + "; " + EXAMPLES);
    }
}
