package nexus.core.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which directories of a node a workspace may be made from by path ({@code file:///…}, {@code /abs/path}). The
 * agent reads such a path as root, so this is the operator's choice, never a user's: the list is empty unless
 * the server and the agent are started with {@code --allow-local-repos DIR} (docs/server.md, docs/agent.md), and
 * a few directories are refused whatever the list says (the server's data directory with its tokens and database,
 * the agent's state directory).
 *
 * <p>Two checks, because the server cannot see a node's file system: {@link #refusal} is lexical (the normalised
 * path must lie in an allowed directory; the server answers 403 at once), {@link #realPath} runs on the node and
 * resolves symbolic links first, so {@code /proc/self/root/…}, a link out of an allowed directory or {@code ..}
 * cannot lead anywhere else.
 *
 * @param allowed   absolute, normalised directories whose repositories may be named
 * @param protectedDirs absolute, normalised directories never read, even inside an allowed one
 */
public record HostPathPolicy(List<Path> allowed, List<Path> protectedDirs) {
    /** No host paths at all: the default. */
    public static final HostPathPolicy NONE = new HostPathPolicy(List.of(), List.of());

    public HostPathPolicy {
        allowed = List.copyOf(allowed);
        protectedDirs = List.copyOf(protectedDirs);
        for (Path p : allowed) {
            if (!p.isAbsolute() || !p.equals(p.normalize()) || p.getParent() == null) {
                throw new IllegalArgumentException("an allowed repository directory must be an absolute directory other "
                        + "than /, got \"" + p + "\"");
            }
        }
    }

    /**
     * The policy for directories an operator named ({@code --allow-local-repos}): each made absolute against the
     * working directory and normalised.
     *
     * @throws IllegalArgumentException for the root directory (it would expose the whole host)
     */
    public static HostPathPolicy allowing(List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            Path abs = d.toAbsolutePath().normalize();
            if (abs.getParent() == null) {
                throw new IllegalArgumentException("--allow-local-repos " + d + " would let every user read the whole "
                        + "host; name the directories that hold repositories (e.g. /srv/git)");
            }
            out.add(abs);
        }
        return new HostPathPolicy(out, List.of());
    }

    /** This policy, also refusing {@code dirs} (made absolute and normalised). */
    public HostPathPolicy protecting(List<Path> dirs) {
        List<Path> all = new ArrayList<>(protectedDirs);
        dirs.forEach(d -> all.add(d.toAbsolutePath().normalize()));
        return new HostPathPolicy(allowed, all);
    }

    public boolean allowsAny() {
        return !allowed.isEmpty();
    }

    /** Why {@code path} may not be named (a sentence for the user), or null when it lies in an allowed directory. */
    public String refusal(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (allowed.isEmpty()) {
            return "this server does not create workspaces from paths on its nodes (its operator allowed none with "
                    + "--allow-local-repos); to use a directory on your computer, run `nexus up ./dir` or "
                    + "`nexus workspace create ./dir`: the CLI uploads it";
        }
        if (protectedDirs.stream().anyMatch(p::startsWith)) {
            return p + " is a directory Nexus itself keeps private; no workspace is made from it";
        }
        if (allowed.stream().noneMatch(p::startsWith)) {
            return p + " is outside the directories this server's operator allowed for repositories ("
                    + String.join(", ", allowed.stream().map(Path::toString).toList()) + "); to use a directory on your "
                    + "computer, run `nexus up ./dir`: the CLI uploads it";
        }
        return null;
    }

    /**
     * The real path of {@code path} on this host, once links are resolved, if it lies in an allowed directory (the
     * allowed directories' own real paths count) and in no protected one.
     *
     * @throws Refused when it does not exist or lies elsewhere
     */
    public Path realPath(Path path) throws Refused {
        String lexical = refusal(path);
        if (lexical != null) {
            throw new Refused(lexical);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new Refused(path + " does not exist on the node (or cannot be read)");
        }
        if (!Files.isDirectory(real)) {
            throw new Refused(path + " is not a directory on the node");
        }
        checkInside(path, real);
        return real;
    }

    /**
     * Checks that {@code real}, a resolved path that {@code named} led to (a repository's git directory, say), lies
     * in an allowed directory and in no protected one.
     */
    public void checkInside(Path named, Path real) throws Refused {
        if (reals(protectedDirs).stream().anyMatch(real::startsWith)) {
            throw new Refused(named + " leads to a directory Nexus itself keeps private; no workspace is made from it");
        }
        if (reals(allowed).stream().noneMatch(real::startsWith)) {
            throw new Refused(named + " leads to " + real + ", outside the directories allowed for repositories on this "
                    + "node (--allow-local-repos)");
        }
    }

    /** The real paths of {@code dirs} that exist (a missing directory allows nothing). */
    private static List<Path> reals(List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            try {
                out.add(d.toRealPath());
            } catch (IOException e) {
                out.add(d);
            }
        }
        return out;
    }

    /** A path the policy does not let anyone read; the message says why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
