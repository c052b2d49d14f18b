package nexus.testkit.github;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
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
}
