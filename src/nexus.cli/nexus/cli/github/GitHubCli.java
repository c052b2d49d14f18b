package nexus.cli.github;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.Programs;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * GitHub, through the user's own {@code gh} (never its API directly, so gh's login, scopes, proxies and
 * enterprise settings apply): login state, the token, the user, SSH keys, repositories and forks. Arguments are
 * lists with flags first and {@code --} before anything the user typed.
 */
public final class GitHubCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Programs programs;

    public GitHubCli(Programs programs) {
        this.programs = programs;
    }

    public boolean installed() {
        return programs.installed("gh");
    }

    /** Fails with the install command for this OS when gh is missing. */
    public void requireInstalled() {
        if (!installed()) {
            throw CliException.error("gh_missing", "the GitHub CLI (gh) is not installed; nexus uses it for GitHub login, "
                    + "SSH keys and forks", "install it: " + installCommand() + " (or use a local path or a non-GitHub URL, "
                    + "which needs no GitHub)");
        }
    }

    /** Whether gh has a working login ({@code gh auth status} exits 0). */
    public boolean loggedIn() {
        return installed() && run("auth", "status").ok();
    }

    /** Runs gh's browser login on the user's terminal. */
    public void login() {
        requireInstalled();
        int code = programs.interactive(List.of("gh", "auth", "login", "--web", "--hostname", "github.com",
                "--git-protocol", "https", "--scopes", "admin:public_key"));
        if (code != 0 || !loggedIn()) {
            throw new CliException(ExitCode.AUTH, "github_login_failed", "gh auth login did not complete (exit " + code + ")",
                    "run `gh auth login --web` yourself, then `nexus auth github` again");
        }
    }

    public String token() {
        return check(run("auth", "token"), "gh auth token").stdout().strip();
    }

    /** The logged-in user: {@code login} and {@code id} from {@code gh api user}. */
    public JsonObject user() {
        return parse(check(run("api", "user"), "gh api user").stdout(), "gh api user");
    }

    /** The public keys on the user's GitHub account, as "type base64" (without comments). */
    public List<String> sshKeys() {
        ProcessRunner.Result r = run("ssh-key", "list");
        if (!r.ok() && r.stderr().contains("No SSH keys present")) {
            return List.of();
        }
        check(r, "gh ssh-key list");
        List<String> keys = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            // gh's columns changed over 2.x (title, [id,] key, added[, type]): take the one that is a key
            for (String col : line.split("\t")) {
                if (col.matches("(ssh|ecdsa|sk)-[a-z0-9@.-]+ [A-Za-z0-9+/=]+.*")) {
                    keys.add(keyOnly(col));
                }
            }
        }
        return keys;
    }

    public void addSshKey(Path publicKey, String title) {
        check(run("ssh-key", "add", "--title", title, "--", publicKey.toString()), "gh ssh-key add");
    }

    /** The repository, or a not-found error naming the next step. */
    public GhRepo repo(String fullName) {
        ProcessRunner.Result r = run("repo", "view", "--json", GhRepo.FIELDS, "--", fullName);
        if (!r.ok() && (r.stderr().contains("Could not resolve to a Repository") || r.stderr().contains("HTTP 404"))) {
            throw new CliException(ExitCode.NOT_FOUND, "repo_not_found", "GitHub has no repository " + fullName
                    + " that you can see", "check the owner/name (`gh repo view " + fullName + "`), or log in as another user "
                    + "with `nexus auth github --force`");
        }
        try {
            return GhRepo.fromJson(parse(check(r, "gh repo view").stdout(), "gh repo view"));
        } catch (JsonException e) {
            throw unexpected("gh repo view", e.getMessage());
        }
    }

    /** Forks {@code fullName} into the user's account (no clone); gh says nothing new when the fork exists. */
    public void fork(String fullName) {
        check(run("repo", "fork", "--clone=false", "--", fullName), "gh repo fork");
    }

    /** The command that installs gh on this system. */
    public String installCommand() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            return "brew install gh";
        }
        String osRelease = "";
        try {
            osRelease = Files.readString(Path.of("/etc/os-release")).toLowerCase(Locale.ROOT);
        } catch (java.io.IOException e) {
            // unknown distribution: the generic answer below
        }
        if (osRelease.matches("(?s).*\\bid(_like)?=\"?[^\\n]*\\b(debian|ubuntu)\\b.*")) {
            return "sudo apt-get install gh";
        }
        if (osRelease.matches("(?s).*\\bid(_like)?=\"?[^\\n]*\\b(fedora|rhel|centos)\\b.*")) {
            return "sudo dnf install gh";
        }
        if (osRelease.matches("(?s).*\\bid(_like)?=\"?[^\\n]*\\barch\\b.*")) {
            return "sudo pacman -S github-cli";
        }
        return "see https://github.com/cli/cli#installation";
    }

    /** "ssh-ed25519 AAAA… comment" → "ssh-ed25519 AAAA…", the part GitHub compares. */
    public static String keyOnly(String line) {
        String[] parts = line.strip().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : line.strip();
    }

    private ProcessRunner.Result run(String... args) {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of("gh"));
        cmd.addAll(List.of(args));
        // no colours, pagers or prompts: gh's output is parsed
        return programs.runner(cmd).env("GH_PROMPT_DISABLED", "1").env("GH_NO_UPDATE_NOTIFIER", "1")
                .env("NO_COLOR", "1").env("GH_PAGER", "cat").timeout(TIMEOUT).run();
    }

    private static ProcessRunner.Result check(ProcessRunner.Result r, String what) {
        if (r.ok()) {
            return r;
        }
        String err = Text.lastLines(r.stderr().strip(), 3);
        if (r.exitCode() == 4 || err.contains("gh auth login") || err.contains("not logged into")) {
            throw new CliException(ExitCode.AUTH, "github_not_logged_in", what + " failed: gh is not logged in to GitHub",
                    "run `nexus auth github` (it runs `gh auth login` for you)");
        }
        throw CliException.error("gh_failed", what + " failed (exit " + r.exitCode() + ")" + (err.isEmpty() ? "" : ": " + err),
                "run `" + what + "` yourself to see what gh needs; `nexus doctor` checks the whole setup");
    }

    private static JsonObject parse(String text, String what) {
        try {
            return JsonCodec.parseObject(text);
        } catch (JsonException e) {
            throw unexpected(what, e.getMessage());
        }
    }

    private static CliException unexpected(String what, String problem) {
        return CliException.error("gh_output", what + " printed something nexus does not understand (" + problem + ")",
                "update gh (nexus needs gh 2.x) and try again");
    }
}
