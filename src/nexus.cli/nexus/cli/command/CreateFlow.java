package nexus.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.cli.github.GhRepo;
import nexus.cli.github.GitHubCli;
import nexus.cli.upload.Bundler;
import nexus.cli.upload.Checkout;
import nexus.cli.upload.Uploader;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.Repository;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigLoader;
import nexus.core.config.ConfigParser;
import nexus.core.id.Names;
import nexus.core.repo.RepoRef;
import nexus.core.repo.RepoRefException;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Sizes;
import nexus.core.util.Text;

/**
 * Creating a workspace, shared by {@code workspace create} and {@code up}: resolve what the user named
 * (owner/repo, a git URL, file:// or a local path), check ownership on GitHub and fork when the user cannot push
 * ({@code gh repo fork}), upload a local directory (nexus.cli.upload), create the workspace — or pick up the one
 * a previous run created — and follow it until it runs or fails.
 */
final class CreateFlow {
    /** The longest repo.source the server takes. */
    private static final int SOURCE_LENGTH = 256;

    /**
     * What to create the workspace from; {@code forkOf} is the upstream when a fork is used; {@code local} is set
     * for a directory on this computer, which is uploaded when the workspace is created.
     */
    record Target(RepoRef ref, Repository repository, String forkOf, String cloneToken, LocalUpload local) {
        Target(RepoRef ref, Repository repository, String forkOf, String cloneToken) {
            this(ref, repository, forkOf, cloneToken, null);
        }
    }

    /** A directory to upload, and whether its uncommitted changes go with it. */
    record LocalUpload(Checkout checkout, boolean withUncommitted) {}

    private final Context ctx;
    private final Onboarding on;

    CreateFlow(Context ctx, Onboarding on) {
        this.ctx = ctx;
        this.on = on;
    }

    /**
     * Parses the user's repository. "dir/sub" is GitHub shorthand unless a directory of that name exists here,
     * then it is that directory.
     */
    static RepoRef parse(Context ctx, String input) {
        String in = input;
        if (!in.contains("://") && !in.startsWith("/") && !in.startsWith(".") && Files.isDirectory(ctx.env().cwd().resolve(in))) {
            in = "./" + in;
        }
        try {
            return RepoRef.parse(in, ctx.env().cwd());
        } catch (RepoRefException e) {
            throw CliException.usage(e.getMessage(), "name a repository as owner/repo, a git URL, file:///path or a local path");
        }
    }

    /**
     * Resolves the repository; for GitHub ones {@code github} must be the logged-in identity. {@code committedOnly}
     * leaves a local checkout's uncommitted changes behind.
     */
    Target resolve(RepoRef ref, String branch, boolean noFork, Onboarding.GitHubIdentity github, boolean committedOnly) {
        return switch (ref.kind()) {
            case GITHUB -> github(ref, branch, noFork, github);
            case REMOTE -> new Target(ref, ref.toRepository(branch), null, null);
            case LOCAL -> local(ref, branch, committedOnly);
        };
    }

    /**
     * A directory on this computer, which is uploaded (to any server, local or not): a checkout with its branches
     * and — unless left out, or another branch is asked for — its uncommitted changes; any other directory as
     * its files.
     */
    private Target local(RepoRef ref, String branch, boolean committedOnly) {
        if (!Files.isDirectory(ref.localPath())) {
            throw new CliException(ExitCode.NOT_FOUND, "repo_not_found", "there is no directory " + ref.localPath(),
                    "check the path, or name a repository as owner/repo or a git URL");
        }
        Checkout c = Checkout.inspect(ctx.programs(), ref.localPath());
        if (branch != null && c.kind() == Checkout.Kind.IMPORT) {
            throw CliException.usage(c.dir() + " is not the top of a git repository with commits, so it is uploaded as its "
                    + "files and has no branch " + branch, "leave out --branch, or name the repository's top directory");
        }
        boolean withUncommitted = !committedOnly && (branch == null || branch.equals(c.branch()));
        String source = Text.shortenStart(Onboarding.hostName() + ":" + c.dir(), SOURCE_LENGTH);
        Repository r = new Repository(c.upstream(), null, ref.name(), branch != null ? branch : c.branch(), null, source);
        return new Target(ref, r, null, null, new LocalUpload(c, withUncommitted));
    }

    private Target github(RepoRef ref, String branch, boolean noFork, Onboarding.GitHubIdentity id) {
        GitHubCli gh = ctx.gh();
        String fullName = ref.owner() + "/" + ref.name();
        GhRepo repo = gh.repo(fullName);
        if (repo.writableBy(id.login())) {
            on.note("repository", "skipped", "you can push to " + repo.fullName() + ": no fork needed");
            return githubTarget(ref, repo, branch, null, gh);
        }
        if (noFork) {
            on.note("repository", "skipped", "using " + repo.fullName() + " without a fork (--no-fork): you cannot push to it");
            return githubTarget(ref, repo, branch, null, gh);
        }
        String forkName = id.login() + "/" + repo.name();
        GhRepo fork = existing(gh, forkName);
        if (fork == null) {
            ctx.out().info("Forking " + repo.fullName() + " to " + forkName + "…");
            gh.fork(repo.fullName());
            fork = waitForFork(gh, forkName);
            on.note("fork", "done", "forked " + repo.fullName() + " to " + fork.fullName());
        } else {
            on.note("fork", "skipped", "using your fork " + fork.fullName());
        }
        return githubTarget(ref, fork, branch, repo.fullName(), gh);
    }

    private static Target githubTarget(RepoRef ref, GhRepo repo, String branch, String forkOf, GitHubCli gh) {
        Repository r = new Repository("https://github.com/" + repo.owner() + "/" + repo.name() + ".git", repo.owner(), repo.name(), branch);
        return new Target(ref, r, forkOf, repo.isPrivate() ? gh.token() : null);
    }

    private static GhRepo existing(GitHubCli gh, String fullName) {
        try {
            return gh.repo(fullName);
        } catch (CliException e) {
            if (e.exit() == ExitCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** GitHub creates forks asynchronously; wait (briefly) until the fork can be seen. */
    private static GhRepo waitForFork(GitHubCli gh, String forkName) {
        for (int i = 0; i < 20; i++) {
            GhRepo fork = existing(gh, forkName);
            if (fork != null) {
                return fork;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw CliException.error("fork_missing", "GitHub did not show the fork " + forkName + " after forking",
                "check https://github.com/" + forkName + ", then run the command again (it resumes)");
    }

    /** Clones the repository on this machine too ({@code --clone DIR}). */
    void cloneLocally(Target t, Path dir) {
        if (t.ref().kind() == RepoRef.Kind.LOCAL) {
            throw CliException.usage(t.ref().localPath() + " is already on this machine; --clone is for remote repositories", null);
        }
        if (Files.exists(dir)) {
            on.note("clone", "skipped", dir + " exists; not cloning into it");
            return;
        }
        if (!ctx.programs().installed("git")) {
            throw CliException.error("git_missing", "git is not installed, so --clone cannot clone", "install git (sudo apt-get install git)");
        }
        ProcessRunner.Result r = ctx.programs().runner("git", "clone", "--", t.repository().url(), dir.toString())
                .timeout(Duration.ofMinutes(10)).run();
        if (!r.ok()) {
            throw CliException.error("clone_failed", "git clone of " + t.repository().url() + " failed: " + Text.lastLines(r.stderr(), 3),
                    "clone it yourself, or run again without --clone");
        }
        if (t.forkOf() != null) {
            ctx.programs().runner("git", "-C", dir.toString(), "remote", "add", "upstream", "--",
                    "https://github.com/" + t.forkOf() + ".git").run();
        }
        on.note("clone", "done", "cloned " + t.repository().url() + " into " + dir);
    }

    /**
     * Creates the workspace — or, when a workspace of that name already exists for the same repository (a
     * previous run), uses it, starting it if stopped — and follows it until it runs or fails ({@code wait}).
     */
    Workspace create(ServerClient api, Target t, String name, String provider, String image, String configText,
                     boolean wait, Duration timeout) {
        String problem = Names.problem(name);
        if (problem != null) {
            throw CliException.usage(problem, "choose another with --name");
        }
        Workspace w = existingWorkspace(api, name);
        if (w != null && !sameRepository(w.repository(), t.repository())) {
            throw new CliException(ExitCode.CONFLICT, "workspace_exists", "you already have a workspace named " + name + " for "
                    + WorkspaceViews.repoLabel(w), "choose another name with --name, or delete it: `nexus workspace delete " + name + "`");
        }
        boolean fresh = w == null;
        if (w == null) {
            if (t.local() != null && configText == null) {
                checkLocalConfig(t.local().checkout().dir());
            }
            if (on.isLocal(api.baseUrl())) {
                on.localServer().awaitNode(ctx.settings().localServer(), Duration.ofSeconds(30), ctx.out()::info);
            }
            Repository repository = t.local() == null ? t.repository() : upload(api, t);
            try {
                api.create(new CreateWorkspaceRequest(name, repository, provider, image, configText, t.cloneToken()),
                        UUID.randomUUID().toString());
                on.note("workspace", "done", "creating workspace " + name);
            } catch (ApiException e) {
                // no workspace was made from the upload (or one exists already): it would only wait to expire
                discardUpload(api, repository);
                if (e.is("no_node_available") && on.isLocal(api.baseUrl())) {
                    throw e.toCli().withNext("the local server's own node did not come online: its log ("
                            + ctx.settings().localServer().logFile() + ") says why; `nexus doctor` checks this machine");
                }
                if (!e.is("workspace_exists")) {
                    throw e;
                }
            }
            w = api.workspace(name);
        } else if (w.status() == WorkspaceState.STOPPED) {
            api.start(name);
            on.note("workspace", "done", "starting your stopped workspace " + name);
            w = api.workspace(name);
        } else {
            on.note("workspace", "skipped", "workspace " + name + " exists (" + w.status().wire() + ")");
        }
        if (!wait) {
            return w;
        }
        w = WorkspaceWatcher.follow(ctx.out(), api, w, x -> x.status() == WorkspaceState.RUNNING || x.status() == WorkspaceState.ERROR
                || x.status() == WorkspaceState.STOPPED, timeout, fresh);
        if (w.status() == WorkspaceState.ERROR) {
            throw failed(w);
        }
        return w;
    }

    private static Workspace existingWorkspace(ServerClient api, String name) {
        try {
            return api.workspace(name);
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * A directory on this computer has its config checked here, before anything is uploaded or created: a broken
     * {@code .nexus/config.yaml} is reported with its lines and columns in a moment instead of failing on the node.
     */
    private static void checkLocalConfig(Path dir) {
        try {
            ConfigLoader.load(dir);
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage(), "fix it (docs/config.md describes the format; `nexus config validate "
                    + dir + "` checks it again), then run the command again; nothing was created");
        } catch (IOException e) {
            throw CliException.error("config_unreadable", "cannot read the config in " + dir + ": " + e.getMessage(),
                    "check the files' permissions");
        }
    }

    /** Bundles and uploads a local directory; the repository names the finished upload. */
    private Repository upload(ServerClient api, Target t) {
        Checkout c = t.local().checkout();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("nexus-upload-");
            Bundler.Bundle b = new Bundler(ctx.programs()).make(c, t.local().withUncommitted(), scratch);
            String what = c.dir() + ": " + b.summary() + ", " + Sizes.format(b.sizeBytes());
            ctx.out().info("Uploading " + what + "…");
            String id = Uploader.upload(api, b, ctx.out()::detail);
            on.note("upload", "done", "uploaded " + what);
            return t.repository().withUpload(id, t.repository().source());
        } catch (IOException e) {
            throw CliException.error("upload_failed", "cannot make a scratch directory for the upload: " + e.getMessage(),
                    "check the space in " + System.getProperty("java.io.tmpdir"));
        } finally {
            deleteTree(scratch);
        }
    }

    private static void discardUpload(ServerClient api, Repository repository) {
        if (repository.isUpload()) {
            try {
                api.deleteUpload(repository.upload());
            } catch (ApiException | CliException e) {
                // it expires by itself an hour after it began
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover scratch directory in the temporary directory harms nothing
        }
    }

    /** The same repository as a previous run's: the same URL and branch, or an upload of the same directory. */
    private static boolean sameRepository(Repository a, Repository b) {
        if (a.isUpload() || b.source() != null) {
            return java.util.Objects.equals(a.source(), b.source()) && java.util.Objects.equals(a.branch(), b.branch());
        }
        return strip(a.url()).equals(strip(b.url())) && java.util.Objects.equals(a.branch(), b.branch());
    }

    private static String strip(String url) {
        return url.replaceAll("\\.git$", "").replaceAll("/$", "");
    }

    /** The workspace's error as the user's error: what failed, the service's last log lines, what to do. */
    static CliException failed(Workspace w) {
        var e = w.error();
        StringBuilder m = new StringBuilder("workspace " + w.name() + " failed");
        if (e != null) {
            m.append(e.phase() == null ? "" : " during " + e.phase().wire()).append(": ").append(e.message());
            e.outputTail().forEach(line -> m.append("\n    ").append(line));
        }
        return new CliException(ExitCode.ERROR, e == null ? "workspace_error" : e.code(), m.toString(),
                "see `nexus workspace status " + w.name() + "` and `nexus workspace logs " + w.name() + "`; after fixing the cause, "
                        + "`nexus workspace restart " + w.name() + "` (or delete it and run the command again)");
    }

    /** The text of a local config file for {@code --config}, checked before it is sent. */
    static String configText(Context ctx, String file) {
        if (file == null) {
            return null;
        }
        Path p = ctx.env().cwd().resolve(file);
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            ConfigParser.parse(text, file);
            return text;
        } catch (IOException e) {
            throw CliException.usage("cannot read " + p + ": " + e.getMessage(), "check the path given to --config");
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage(), "fix " + file + " (docs/config.md describes the format)");
        }
    }
}
