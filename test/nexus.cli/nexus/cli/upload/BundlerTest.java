package nexus.cli.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nexus.cli.CliException;
import nexus.cli.Env;
import nexus.cli.Programs;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code nexus up ./dir} uploads, and what a workspace makes of it: each bundle is cloned by the agent's own
 * clone-upload.sh in a sandbox whose /home/dev is a scratch directory (bubblewrap), exactly as dev runs it in a
 * workspace. The user's repository is never changed (not a ref, not an object, not its index).
 */
@SystemTest({HostRequirement.GIT, HostRequirement.BWRAP})
class BundlerTest {
    private static final Path CLONE_UPLOAD = Path.of(System.getProperty("nexus.root"),
            "src/nexus.agent/nexus/agent/provision/clone-upload.sh");

    @TempDir
    Path tmp;
    Programs programs;

    @BeforeEach
    void setUp() {
        programs = new Programs(new Env(Map.of("HOME", tmp.toString(), "PATH", "/usr/bin:/bin"), tmp, System.in, System.out,
                System.err, false, false));
    }

    private static String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@e"));
        argv.addAll(List.of(args));
        return ProcessRunner.of(argv).check().stdout();
    }

    private Path repository(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("app.js"), "console.log(1)\n");
        Files.writeString(dir.resolve("gone.txt"), "bye\n");
        Files.writeString(dir.resolve(".gitignore"), "node_modules/\n*.log\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-qm", "one");
        return dir;
    }

    /** Bundles {@code dir} and clones it as a workspace would; returns the workspace's directory. */
    private Path roundTrip(Path dir, boolean withUncommitted, String upstream, String... cloneArgs) throws Exception {
        Checkout c = Checkout.inspect(programs, dir);
        Path scratch = Files.createDirectories(tmp.resolve("scratch-" + System.nanoTime()));
        Bundler.Bundle b = new Bundler(programs).make(c, withUncommitted, scratch);
        Path home = Files.createDirectories(tmp.resolve("home-" + System.nanoTime()));
        List<String> argv = new ArrayList<>(List.of("bwrap", "--dev-bind", "/", "/", "--bind", home.toString(), "/home/dev",
                "--setenv", "HOME", "/home/dev", "sh", "-c", Files.readString(CLONE_UPLOAD), "clone-upload",
                "/home/dev/.nexus/source.bundle", upstream == null ? "" : upstream));
        argv.addAll(List.of(cloneArgs));
        ProcessRunner.Result r = ProcessRunner.of(argv).inputFile(b.file()).run();
        assertTrue(r.ok(), r.stderr());
        return home.resolve("workspace");
    }

    private static Set<String> status(Path dir) {
        return Set.copyOf(git(dir, "status", "--porcelain").lines().toList());
    }

    @Test
    void aCheckoutArrivesWithItsBranchesItsBranchAndItsUncommittedWork() throws Exception {
        Path repo = repository("shop");
        git(repo, "checkout", "-qb", "feature");
        Files.writeString(repo.resolve("feature.js"), "x\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "feature");
        git(repo, "tag", "-a", "v1", "-m", "one");
        git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git");
        Files.writeString(repo.resolve("app.js"), "console.log(2)\n");
        Files.delete(repo.resolve("gone.txt"));
        Files.writeString(repo.resolve("new.js"), "new\n");
        Files.createDirectories(repo.resolve("node_modules/x"));
        Files.writeString(repo.resolve("node_modules/x/index.js"), "dependency\n");
        Files.writeString(repo.resolve("debug.log"), "secret\n");
        git(repo, "add", "new.js"); // staged, not committed: it travels too
        Set<String> before = status(repo);
        String refsBefore = git(repo, "for-each-ref");
        String objectsBefore = git(repo, "count-objects");

        Checkout c = Checkout.inspect(programs, repo);
        assertEquals(Checkout.Kind.REPOSITORY, c.kind());
        assertEquals("feature", c.branch());
        assertEquals("https://github.com/acme/shop.git", c.upstream());
        assertEquals(3, c.changed().size(), c.changed().toString());

        Path ws = roundTrip(repo, true, c.upstream());
        assertEquals("feature", git(ws, "symbolic-ref", "--short", "HEAD").strip());
        assertEquals(Set.of(" M app.js", " D gone.txt", "?? new.js"), status(ws), "the changes are uncommitted again");
        assertEquals("console.log(2)\n", Files.readString(ws.resolve("app.js")));
        assertFalse(Files.exists(ws.resolve("debug.log")), "ignored files stay home");
        assertFalse(Files.exists(ws.resolve("node_modules")), "ignored directories stay home");
        assertEquals("https://github.com/acme/shop.git", git(ws, "remote", "get-url", "origin").strip());
        assertEquals("v1\n", git(ws, "tag"));
        assertTrue(git(ws, "branch", "-r").contains("origin/main"));
        assertEquals("", git(ws, "for-each-ref", "refs/nexus"), "no Nexus refs are left in the clone");
        assertEquals("0\n", git(ws, "rev-list", "--count", "--branches", "--not", "--remotes"), "nothing counts as unpushed");

        assertEquals(before, status(repo), "the checkout is untouched");
        assertEquals(refsBefore, git(repo, "for-each-ref"));
        assertEquals(objectsBefore, git(repo, "count-objects"), "no object was written into the user's repository");

        Path committed = roundTrip(repo, false, null);
        assertEquals(Set.of(), status(committed), "--committed-only: the last commit, clean");
        assertFalse(git(committed, "remote").contains("origin"), "no upstream: no remote");
        assertEquals("0\n", git(committed, "rev-list", "--count", "--branches", "--not", "--remotes"),
                "without a remote, what came from the computer still does not count as unpushed");

        Path other = roundTrip(repo, false, null, "--branch", "main");
        assertEquals("main", git(other, "symbolic-ref", "--short", "HEAD").strip());
        assertTrue(Files.exists(other.resolve("gone.txt")));
    }

    @Test
    void aDetachedHeadALinkedWorktreeAndAShallowCloneTravelToo() throws Exception {
        Path repo = repository("lib");
        String first = git(repo, "rev-parse", "HEAD").strip();
        Files.writeString(repo.resolve("app.js"), "two\n");
        git(repo, "commit", "-qam", "two");
        git(repo, "checkout", "-q", "--detach", first);
        Path detached = roundTrip(repo, true, null);
        assertEquals(first, git(detached, "rev-parse", "HEAD").strip());

        git(repo, "checkout", "-q", "main");
        Path linked = tmp.resolve("linked");
        git(repo, "worktree", "add", "-q", "-b", "side", linked.toString());
        Files.writeString(linked.resolve("side.txt"), "side\n");
        Checkout c = Checkout.inspect(programs, linked);
        assertEquals(Checkout.Kind.REPOSITORY, c.kind());
        Path fromLinked = roundTrip(linked, true, null);
        assertEquals("side", git(fromLinked, "symbolic-ref", "--short", "HEAD").strip());
        assertEquals(Set.of("?? side.txt"), status(fromLinked));

        Path shallow = tmp.resolve("shallow");
        ProcessRunner.of("git", "clone", "-q", "--depth", "1", "file://" + repo, shallow.toString()).check();
        Files.writeString(shallow.resolve("app.js"), "three\n");
        Path fromShallow = roundTrip(shallow, true, null);
        assertEquals("main", git(fromShallow, "symbolic-ref", "--short", "HEAD").strip());
        assertEquals(Set.of(" M app.js"), status(fromShallow), "a snapshot of the last commit, with the change on top");
        assertEquals(git(fromShallow, "rev-parse", "HEAD"), git(fromShallow, "rev-parse", "refs/nexus/imported"));
    }

    @Test
    void otherDirectoriesArriveAsTheirFilesInANewRepository() throws Exception {
        Path repo = repository("mono");
        Path sub = Files.createDirectories(repo.resolve("services/api"));
        Files.writeString(sub.resolve("server.js"), "api\n");
        Files.writeString(sub.resolve("untracked.js"), "u\n");
        Files.writeString(sub.resolve("trace.log"), "ignored by the parent's .gitignore\n");
        git(repo, "add", "services/api/server.js");
        git(repo, "commit", "-qm", "api");
        Checkout c = Checkout.inspect(programs, sub);
        assertEquals(Checkout.Kind.IMPORT, c.kind());
        Path ws = roundTrip(sub, true, null);
        assertEquals(Set.of("server.js", "untracked.js"), Set.copyOf(git(ws, "ls-files").lines().toList()));
        assertEquals("main", git(ws, "symbolic-ref", "--short", "HEAD").strip());
        assertEquals(git(ws, "rev-parse", "HEAD"), git(ws, "rev-parse", "refs/nexus/imported"), "the import is marked");

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("index.html"), "<h1>hi</h1>\n");
        Files.writeString(plain.resolve(".gitignore"), "dist/\n");
        Files.createDirectories(plain.resolve("dist"));
        Files.writeString(plain.resolve("dist/big.bin"), "built\n");
        Path fromPlain = roundTrip(plain, true, null);
        assertEquals(Set.of(".gitignore", "index.html"), Set.copyOf(git(fromPlain, "ls-files").lines().toList()));
        assertFalse(Files.exists(plain.resolve(".git")), "nothing was made in the directory itself");

        Path ignored = Files.createDirectories(repo.resolve("build/site"));
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.writeString(ignored.resolve("page.html"), "built\n");
        assertEquals(Set.of("page.html"), Set.copyOf(git(roundTrip(ignored, true, null), "ls-files").lines().toList()),
                "a directory its work tree ignores goes with all its files");

        Path empty = Files.createDirectories(tmp.resolve("fresh"));
        git(empty, "init", "-q");
        Files.writeString(empty.resolve("README.md"), "# new\n");
        assertEquals(Checkout.Kind.IMPORT, Checkout.inspect(programs, empty).kind(), "a repository without commits is imported");
        assertEquals(Set.of("README.md"), Set.copyOf(git(roundTrip(empty, true, null), "ls-files").lines().toList()));
    }

    @Test
    void upstreamsAreURLsAWorkspaceCanReachAndMissingDirectoriesAreNamed() throws Exception {
        Path repo = repository("up");
        assertNull(Checkout.inspect(programs, repo).upstream(), "no remote, no upstream");
        git(repo, "remote", "add", "origin", tmp.resolve("elsewhere").toString());
        assertNull(Checkout.inspect(programs, repo).upstream(), "a path on this computer is no upstream for a workspace");
        git(repo, "remote", "set-url", "origin", "https://gitlab.example.com/group/up.git");
        assertEquals("https://gitlab.example.com/group/up.git", Checkout.inspect(programs, repo).upstream());
        CliException missing = assertThrows(CliException.class, () -> Checkout.inspect(programs, tmp.resolve("nope")));
        assertEquals("repo_not_found", missing.code());
    }
}
