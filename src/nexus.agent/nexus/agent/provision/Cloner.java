package nexus.agent.provision;

import nexus.agent.BundledFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.api.Repository;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Puts a workspace's repository into {@code /home/dev/workspace}, as dev, for every {@link RepoSource}. A clone
 * token is fed on standard input to the one git process that clones and reaches git through an askpass helper
 * reading the environment: it never lands in a file, an argument list or a log (output is scrubbed too).
 */
public final class Cloner {
    public static final String WORKSPACE = "/home/dev/workspace";
    private static final String CLONE_LOCAL = BundledFiles.text(Cloner.class, "clone-local.sh");
    private static final String IMPORT_DIR = BundledFiles.text(Cloner.class, "import-dir.sh");
    private static final String CLONE_UPLOAD = BundledFiles.text(Cloner.class, "clone-upload.sh");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final Path scratch;
    private final HostPathPolicy hostPaths;
    private final UploadSource uploads;

    /**
     * @param scratch   a host directory for bundles and archives in transit (the agent's state dir)
     * @param hostPaths the node directories a workspace may be cloned from by path
     * @param uploads   where checkouts uploaded by users come from
     */
    public Cloner(Path scratch, HostPathPolicy hostPaths, UploadSource uploads) {
        this.scratch = scratch;
        this.hostPaths = hostPaths;
        this.uploads = uploads;
    }

    /** The askpass helper remote clones with a token use. */
    public static WorkspaceFile askpassHelper() {
        return WorkspaceFile.helper(Cloner.class, "askpass");
    }

    /** Clones (replacing a partial earlier attempt) and says what was done in one line. */
    public String clone(Driver driver, String instance, Repository repo, String token) {
        run(driver, instance, Exec.asDev("rm", "-rf", "--", WORKSPACE), null, "could not clear " + WORKSPACE);
        if (repo.isUpload()) {
            return cloneUpload(driver, instance, repo);
        }
        RepoSource source = RepoSource.of(repo.url(), hostPaths);
        return switch (source) {
            case RepoSource.Remote remote -> cloneRemote(driver, instance, remote.url(), repo.branch(), token);
            case RepoSource.LocalRepository local -> cloneLocal(driver, instance, local.path(), repo.url(), repo.branch());
            case RepoSource.LocalDirectory dir -> importDirectory(driver, instance, dir);
        };
    }

    private String cloneRemote(Driver driver, String instance, String url, String branch, String token) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "IFS= read -r NEXUS_CLONE_TOKEN || true; export NEXUS_CLONE_TOKEN; exec git clone -q \"$@\"", "clone"));
        if (branch != null) {
            argv.addAll(List.of("--branch", branch));
        }
        argv.addAll(List.of("--", url, WORKSPACE));
        Exec exec = Exec.asDev(argv).withTimeout(TIMEOUT).withEnv(java.util.Map.of("GIT_TERMINAL_PROMPT", "0"))
                .withInput(token == null ? "\n" : token + "\n");
        if (token != null) {
            exec = exec.withEnv(java.util.Map.of("GIT_ASKPASS", "/usr/local/lib/nexus/askpass"));
        }
        run(driver, instance, exec, token, "git clone of " + url + " failed");
        return "cloned " + url + (branch == null ? "" : " (branch " + branch + ")");
    }

    private String cloneLocal(Driver driver, String instance, Path path, String url, String branch) {
        Path bundle = scratchFile(".bundle");
        try {
            ProcessRunner.Result r = RepoSource.git(path, "bundle", "create", "-q", bundle.toString(), "--all");
            if (!r.ok()) {
                if (r.stderr().contains("empty bundle")) {
                    return importDirectory(driver, instance, new RepoSource.LocalDirectory(path, true));
                }
                throw new CloneException("could not read the repository at " + path, Text.lastLines(r.stderr(), 5));
            }
            List<String> argv = new ArrayList<>(List.of("sh", "-c", CLONE_LOCAL, "clone-local", "/home/dev/.nexus/source.bundle", url));
            if (branch != null) {
                argv.addAll(List.of("--branch", branch));
            }
            run(driver, instance, Exec.asDev(argv).withInputFile(bundle).withTimeout(TIMEOUT), null, "cloning " + path + " failed");
            return "cloned " + path + (branch == null ? "" : " (branch " + branch + ")");
        } finally {
            deleteQuietly(bundle);
        }
    }

    /**
     * A checkout the user uploaded: the bundle is fetched from the server onto the node and handed to the workspace
     * on standard input; it is read only inside the workspace, as dev (see clone-upload.sh).
     */
    private String cloneUpload(Driver driver, String instance, Repository repo) {
        Path bundle = scratchFile(".bundle");
        try {
            try {
                uploads.fetch(repo.upload(), bundle);
            } catch (IOException e) {
                throw new CloneException(e.getMessage(), "");
            }
            List<String> argv = new ArrayList<>(List.of("sh", "-c", CLONE_UPLOAD, "clone-upload", "/home/dev/.nexus/source.bundle",
                    repo.url() == null ? "" : repo.url()));
            if (repo.branch() != null) {
                argv.addAll(List.of("--branch", repo.branch()));
            }
            String what = repo.source() != null ? repo.source() : repo.upload();
            run(driver, instance, Exec.asDev(argv).withInputFile(bundle).withTimeout(TIMEOUT), null, "cloning the upload of " + what
                    + " failed");
            return "cloned the upload of " + what + (repo.branch() == null ? "" : " (branch " + repo.branch() + ")");
        } finally {
            deleteQuietly(bundle);
        }
    }

    private String importDirectory(Driver driver, String instance, RepoSource.LocalDirectory dir) {
        Path list = scratchFile(".files");
        Path archive = scratchFile(".tar");
        try {
            List<String> tar = new ArrayList<>(List.of("tar", "-C", dir.path().toString(), "-cf", archive.toString()));
            if (dir.insideWorkTree()) {
                ProcessRunner.Result files = RepoSource.git(dir.path(), "ls-files", "-z", "-co", "--exclude-standard");
                if (!files.ok()) {
                    throw new CloneException("could not list the files of " + dir.path(), Text.lastLines(files.stderr(), 5));
                }
                StringBuilder existing = new StringBuilder();
                for (String f : files.stdout().split("\0")) {
                    if (!f.isEmpty() && Files.exists(dir.path().resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        existing.append(f).append('\0');
                    }
                }
                Files.writeString(list, existing, StandardCharsets.UTF_8);
                tar.addAll(List.of("--null", "--no-recursion", "-T", list.toString()));
            } else {
                tar.add(".");
            }
            ProcessRunner.Result packed = ProcessRunner.of(tar).timeout(TIMEOUT).run();
            if (!packed.ok()) {
                throw new CloneException("could not read the files of " + dir.path(), Text.lastLines(packed.stderr(), 5));
            }
            run(driver, instance, Exec.asDev("sh", "-c", IMPORT_DIR, "import-dir", "Import of " + dir.path() + " by Nexus")
                    .withInputFile(archive).withTimeout(TIMEOUT), null, "importing " + dir.path() + " failed");
            return "imported the files of " + dir.path() + " as a new repository";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(list);
            deleteQuietly(archive);
        }
    }

    private static void run(Driver driver, String instance, Exec exec, String secret, String failure) {
        ProcessRunner.Result r = driver.exec(instance, exec);
        if (!r.ok()) {
            String output = Text.lastLines(r.stderr() + "\n" + r.stdout(), 10);
            if (secret != null && !secret.isEmpty()) {
                output = output.replace(secret, "***");
            }
            throw new CloneException(failure + (output.isBlank() ? "" : ": " + Text.lastLines(output, 1)), output);
        }
    }

    private Path scratchFile(String suffix) {
        try {
            Files.createDirectories(scratch);
            return Files.createTempFile(scratch, "clone-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover scratch file is removed with the next one's directory sweep
        }
    }
}
