package nexus.cli.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import nexus.cli.CliException;
import nexus.cli.Programs;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Turns a {@link Checkout} into one git bundle for the server, without changing anything in the user's
 * repository: the refs go into a scratch repository that borrows the user's objects ({@code alternates}), and
 * the objects of the uncommitted changes (or of an import) are written there too. Uncommitted changes become
 * the commit {@code refs/nexus/uncommitted} on top of HEAD; an import is a commit on {@code main} marked
 * {@code refs/nexus/imported}. The workspace turns them back (clone-upload.sh in the agent).
 */
public final class Bundler {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Commits made here are Nexus's, whatever identity (or none) the user's git has. */
    private static final Map<String, String> IDENTITY = Map.of("GIT_AUTHOR_NAME", "Nexus", "GIT_AUTHOR_EMAIL", "nexus@localhost",
            "GIT_COMMITTER_NAME", "Nexus", "GIT_COMMITTER_EMAIL", "nexus@localhost");

    /** The bundle made, with what the user should be told about it. */
    public record Bundle(Path file, long sizeBytes, String sha256, String summary) {}

    private final Programs programs;

    public Bundler(Programs programs) {
        this.programs = programs;
    }

    /**
     * Makes the bundle in {@code scratch} (a private directory the caller removes).
     *
     * @param withUncommitted also carry the checkout's uncommitted changes
     */
    public Bundle make(Checkout c, boolean withUncommitted, Path scratch) {
        Path repo = scratch.resolve("repo.git");
        git(scratch, Map.of(), "init", "-q", "--bare", repo.toString());
        String summary = c.kind() == Checkout.Kind.REPOSITORY ? borrow(c, repo, withUncommitted) : importFiles(c, repo);
        Path bundle = scratch.resolve("upload.bundle");
        bare(repo, Map.of(), "bundle", "create", "-q", bundle.toString(), "--all");
        try {
            return new Bundle(bundle, Files.size(bundle), sha256(bundle), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The checkout's refs and HEAD in {@code repo}, which reads the checkout's objects in place. A shallow clone
     * cannot travel as a bundle (its oldest commits lack their parents), so it goes as a snapshot: one commit with
     * the files of its HEAD on its branch, marked imported; the workspace can fetch the history from the upstream.
     */
    private String borrow(Checkout c, Path repo, boolean withUncommitted) {
        Path common = Path.of(git(c.dir(), Map.of(), "rev-parse", "--path-format=absolute", "--git-common-dir").strip());
        try {
            Files.writeString(repo.resolve("objects/info/alternates"), common.resolve("objects") + "\n");
            if (Files.isRegularFile(common.resolve("info/exclude"))) {
                Files.createDirectories(repo.resolve("info"));
                Files.copy(common.resolve("info/exclude"), repo.resolve("info/exclude"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String head = git(c.dir(), Map.of(), "rev-parse", "HEAD").strip();
        boolean shallow = Files.exists(common.resolve("shallow"));
        String refs;
        if (shallow) {
            String snapshot = bare(repo, IDENTITY, "commit-tree", "-m", "Snapshot of " + head + " (from a shallow clone), uploaded "
                    + "by Nexus", head + "^{tree}").strip();
            refs = "create refs/heads/" + (c.branch() == null ? "main" : c.branch()) + " " + snapshot + "\n";
            bare(repo, Map.of(), "update-ref", "refs/nexus/imported", snapshot);
        } else {
            refs = git(c.dir(), Map.of(), "for-each-ref", "--format=create %(refname) %(objectname)", "refs/heads", "refs/tags");
        }
        run(programs.runner("git", "--git-dir=" + repo, "update-ref", "--stdin").input(refs), "could not copy the refs of " + c.dir());
        if (c.branch() != null || shallow) {
            bare(repo, Map.of(), "symbolic-ref", "HEAD", "refs/heads/" + (c.branch() == null ? "main" : c.branch()));
        } else {
            bare(repo, Map.of(), "update-ref", "--no-deref", "HEAD", head);
        }
        int branches = refs.lines().filter(l -> l.startsWith("create refs/heads/")).toList().size();
        String what = (c.branch() == null ? "detached HEAD " + head.substring(0, 12) : "branch " + c.branch())
                + (branches > 1 ? " (and " + (branches - 1) + (branches == 2 ? " other branch)" : " other branches)") : "")
                + (shallow ? " as a snapshot of its last commit (a shallow clone has no full history to send)" : "");
        if (c.changed().isEmpty()) {
            return what + ", no uncommitted changes";
        }
        if (!withUncommitted) {
            return what + "; your uncommitted changes (" + Text.plural(c.changed().size(), "file") + ") stay here";
        }
        Map<String, String> index = Map.of("GIT_INDEX_FILE", repo.resolve("worktree-index").toString(),
                "GIT_WORK_TREE", c.dir().toString());
        bare(repo, index, "read-tree", "HEAD");
        bare(repo, index, "add", "-A");
        String tree = bare(repo, index, "write-tree").strip();
        String commit = bare(repo, IDENTITY, "commit-tree", "-p", "HEAD", "-m", "Uncommitted changes uploaded by Nexus", tree).strip();
        bare(repo, Map.of(), "update-ref", "refs/nexus/uncommitted", commit);
        return what + " with your uncommitted changes (" + Text.plural(c.changed().size(), "file") + ")";
    }

    /** The directory's files as the one commit of a new repository. */
    private String importFiles(Checkout c, Path repo) {
        Map<String, String> index = Map.of("GIT_INDEX_FILE", repo.resolve("import-index").toString(),
                "GIT_WORK_TREE", c.dir().toString());
        int files;
        if (c.workTree() != null) {
            // inside a work tree, its own ignore rules (also those above this directory) decide
            String listed = git(c.dir(), Map.of(), "ls-files", "-z", "-co", "--exclude-standard");
            StringBuilder existing = new StringBuilder();
            files = 0;
            for (String f : listed.split("\0")) {
                if (!f.isEmpty() && Files.exists(c.dir().resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                    existing.append(f).append('\0');
                    files++;
                }
            }
            Path list = repo.resolve("import-list");
            try {
                Files.writeString(list, existing, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (files > 0) {
                bare(repo, index, "add", "--force", "--pathspec-from-file=" + list, "--pathspec-file-nul");
            }
        } else {
            bare(repo, index, "add", "-A");
            files = (int) bare(repo, index, "ls-files").lines().count();
        }
        String tree = bare(repo, index, "write-tree").strip();
        String commit = bare(repo, IDENTITY, "commit-tree", "-m", "Import of " + c.dir() + " by Nexus", tree).strip();
        bare(repo, Map.of(), "update-ref", "refs/heads/main", commit);
        bare(repo, Map.of(), "symbolic-ref", "HEAD", "refs/heads/main");
        bare(repo, Map.of(), "update-ref", "refs/nexus/imported", commit);
        return "its " + Text.plural(files, "file") + " as a new repository"
                + (c.workTree() != null ? " (a directory inside the git work tree " + c.workTree() + ")" : "");
    }

    private String bare(Path repo, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "--git-dir=" + repo));
        argv.addAll(List.of(args));
        return run(programs.runner(argv).env(env), "git " + args[0] + " failed while packing the upload");
    }

    private String git(Path dir, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return run(programs.runner(argv).env(env), "git " + args[0] + " failed in " + dir);
    }

    private static String run(ProcessRunner runner, String failure) {
        ProcessRunner.Result r = runner.env("GIT_TERMINAL_PROMPT", "0").timeout(TIMEOUT).run();
        if (!r.ok()) {
            throw CliException.error("upload_failed", failure + ": " + Text.lastLines(r.stderr(), 3),
                    "fix what git says, or push the repository and name it by URL");
        }
        return r.stdout();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 << 10];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
