package nexus.testkit.github;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the fake GitHub knows: accounts and the tokens that act as them. It is separate from the HTTP
 * front ({@link FakeGitHub}) so other stand-ins — a fake {@code gh} command, for instance — can share one state
 * with the API and a test can arrange or inspect it directly.
 *
 * <p>Thread-safe: every method synchronizes on this object. To extend it (repositories, SSH keys, forks), add
 * the data here, keyed like GitHub keys it (owner/name, key id), and expose it through {@link FakeGitHub}'s
 * routes.
 */
public final class GitHubState {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final AtomicLong nextId = new AtomicLong(1000);
    private final Map<String, GitHubUser> usersByLogin = new HashMap<>();
    private final Map<String, String> loginByToken = new HashMap<>();

    /** Creates an account; its login must be new. Returns the account (give {@link #issueToken} its login). */
    public synchronized GitHubUser addUser(String login, String name) {
        if (usersByLogin.containsKey(login)) {
            throw new IllegalArgumentException("fake GitHub already has a user " + login);
        }
        GitHubUser user = new GitHubUser(nextId.getAndIncrement(), login, name, login + "@users.noreply.github.com");
        usersByLogin.put(login, user);
        return user;
    }

    /** A new OAuth-style token ({@code gho_…}, 36 characters like GitHub's) that authenticates as {@code login}. */
    public synchronized String issueToken(String login) {
        if (!usersByLogin.containsKey(login)) {
            throw new IllegalArgumentException("fake GitHub has no user " + login);
        }
        StringBuilder token = new StringBuilder("gho_");
        for (int i = 0; i < 36; i++) {
            token.append(TOKEN_ALPHABET[RANDOM.nextInt(TOKEN_ALPHABET.length)]);
        }
        loginByToken.put(token.toString(), login);
        return token.toString();
    }

    /** After this the token answers 401 "Bad credentials", as a revoked GitHub token does. */
    public synchronized void revokeToken(String token) {
        loginByToken.remove(token);
    }

    /**
     * Renames an account as GitHub's "change username" does: the id stays, the tokens keep working, the account's
     * repositories and keys move to the new login (GitHub also redirects the old repository URLs; this fake does
     * not) and collaborator grants follow. Returns the renamed account.
     */
    public synchronized GitHubUser renameUser(String login, String newLogin) {
        GitHubUser old = user(login).orElseThrow(() -> new IllegalArgumentException("fake GitHub has no user " + login));
        if (usersByLogin.containsKey(newLogin)) {
            throw new IllegalArgumentException("fake GitHub already has a user " + newLogin);
        }
        GitHubUser renamed = new GitHubUser(old.id(), newLogin, old.name(), newLogin + "@users.noreply.github.com");
        usersByLogin.remove(login);
        usersByLogin.put(newLogin, renamed);
        loginByToken.replaceAll((token, l) -> l.equals(login) ? newLogin : l);
        for (GitHubRepo r : repos()) {
            Map<String, String> c = new LinkedHashMap<>();
            r.collaborators().forEach((who, permission) -> c.put(who.equals(login) ? newLogin : who, permission));
            reposByFullName.remove(r.fullName().toLowerCase(java.util.Locale.ROOT));
            putRepo(new GitHubRepo(r.id(), r.owner().equals(login) ? newLogin : r.owner(), r.name(), r.isPrivate(), r.parent(),
                    r.defaultBranch(), c, r.createdAt()));
        }
        keys.replaceAll((id, k) -> k.login().equals(login) ? new GitHubSshKey(k.id(), newLogin, k.title(), k.key(), k.createdAt()) : k);
        return renamed;
    }

    /** The account a token acts as. */
    public synchronized Optional<GitHubUser> userForToken(String token) {
        String login = loginByToken.get(token);
        return login == null ? Optional.empty() : Optional.of(usersByLogin.get(login));
    }

    public synchronized Optional<GitHubUser> user(String login) {
        return Optional.ofNullable(usersByLogin.get(login));
    }

    public synchronized List<GitHubUser> users() {
        return new ArrayList<>(usersByLogin.values());
    }

    // ---- repositories, SSH keys, the device login of `gh auth login --web`, and a fake gh's calls

    private final Map<String, GitHubRepo> reposByFullName = new LinkedHashMap<>();
    private final Map<Long, GitHubSshKey> keys = new LinkedHashMap<>();
    private final List<List<String>> ghCalls = new ArrayList<>();
    private String deviceLoginAs;

    /** Creates a repository (created a day ago, default branch "main"). */
    public synchronized GitHubRepo addRepo(String owner, String name, boolean isPrivate) {
        return putRepo(new GitHubRepo(nextId.getAndIncrement(), owner, name, isPrivate, null, "main", Map.of(),
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
    }

    /** Gives {@code login} a permission (admin, maintain, push, triage, pull) on a repository. */
    public synchronized GitHubRepo addCollaborator(String fullName, String login, String permission) {
        GitHubRepo r = repo(fullName).orElseThrow(() -> new IllegalArgumentException("fake GitHub has no repository " + fullName));
        Map<String, String> c = new LinkedHashMap<>(r.collaborators());
        c.put(login, permission);
        return putRepo(new GitHubRepo(r.id(), r.owner(), r.name(), r.isPrivate(), r.parent(), r.defaultBranch(), c, r.createdAt()));
    }

    public synchronized Optional<GitHubRepo> repo(String fullName) {
        return Optional.ofNullable(reposByFullName.get(fullName.toLowerCase(java.util.Locale.ROOT)));
    }

    public synchronized List<GitHubRepo> repos() {
        return new ArrayList<>(reposByFullName.values());
    }

    /**
     * Forks {@code fullName} into {@code login}'s account, as {@code POST /repos/{o}/{r}/forks} does: returns the
     * fork, which already exists (with its old creation time) when the user forked before.
     */
    public synchronized GitHubRepo fork(String fullName, String login) {
        GitHubRepo upstream = repo(fullName).orElseThrow(() -> new IllegalArgumentException("no repository " + fullName));
        return repo(login + "/" + upstream.name()).orElseGet(() -> putRepo(new GitHubRepo(nextId.getAndIncrement(), login,
                upstream.name(), upstream.isPrivate(), upstream.fullName(), upstream.defaultBranch(), Map.of(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS))));
    }

    private GitHubRepo putRepo(GitHubRepo r) {
        reposByFullName.put(r.fullName().toLowerCase(java.util.Locale.ROOT), r);
        return r;
    }

    /** Adds a key to an account; {@code key} may carry a comment (GitHub drops it). Empty when the key is in use. */
    public synchronized Optional<GitHubSshKey> addSshKey(String login, String title, String key) {
        String normalized = normalizeKey(key);
        if (keys.values().stream().anyMatch(k -> k.key().equals(normalized))) {
            return Optional.empty();
        }
        GitHubSshKey k = new GitHubSshKey(nextId.getAndIncrement(), login, title, normalized, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        keys.put(k.id(), k);
        return Optional.of(k);
    }

    public synchronized List<GitHubSshKey> sshKeys(String login) {
        return keys.values().stream().filter(k -> k.login().equals(login)).toList();
    }

    /** "ssh-ed25519 AAAA… comment" → "ssh-ed25519 AAAA…". */
    static String normalizeKey(String key) {
        String[] parts = key.strip().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : key.strip();
    }

    /** Who approves the next browser login ({@code gh auth login --web}); null makes the login fail as denied. */
    public synchronized void approveDeviceLoginAs(String login) {
        this.deviceLoginAs = login;
    }

    synchronized String deviceLoginAs() {
        return deviceLoginAs;
    }

    synchronized void recordGhCall(List<String> args) {
        ghCalls.add(List.copyOf(args));
    }

    /** Every invocation of a fake gh on this state, oldest first, as its argument lists. */
    public synchronized List<List<String>> ghCalls() {
        return List.copyOf(ghCalls);
    }
}
