package nexus.server.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nexus.core.api.InviteResponse;
import nexus.core.api.RegisterUserRequest;
import nexus.core.api.RegisterUserResponse;
import nexus.core.api.SshKey;
import nexus.core.api.UserProfile;
import nexus.core.id.Ids;
import nexus.core.id.Names;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.server.auth.Principal;
import nexus.server.auth.Scope;
import nexus.server.auth.SshPublicKey;
import nexus.server.auth.TokenLifetimes;
import nexus.server.auth.Tokens;
import nexus.server.events.ChangeNotifier;
import nexus.server.github.GitHubIdentity;
import nexus.server.http.ApiException;
import nexus.server.store.Database;
import nexus.server.store.InviteStore;
import nexus.server.store.KeyStore;
import nexus.server.store.NodeStore;
import nexus.server.store.StoredWorkspace;
import nexus.server.store.TokenStore;
import nexus.server.store.Tx;
import nexus.server.store.UserStore;
import nexus.server.store.WorkspaceStore;

/**
 * Users and their SSH keys: registration with a GitHub token (verified against GitHub, never stored) or a
 * single-use invite, the profile, and key management. A change of keys changes the spec of every workspace of
 * the user (their keys are its authorized_keys), so nodes are woken to apply it.
 */
public final class Users {
    /** GitHub's login rule: alphanumerics and single hyphens, not at either end, at most 39 characters. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    public static final Duration INVITE_LIFETIME = Duration.ofDays(7);
    /** How much of a key comment a token's label shows. */
    private static final int MAX_LABEL_COMMENT = 64;

    private final Database db;
    private final GitHubIdentity github;
    private final ChangeNotifier notifier;
    private final Clock clock;
    private final TokenLifetimes lifetimes;

    public Users(Database db, GitHubIdentity github, ChangeNotifier notifier, Clock clock, TokenLifetimes lifetimes) {
        this.db = db;
        this.github = github;
        this.notifier = notifier;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    /** The registered user (new or existing) and whether it was created. */
    public record Registered(RegisterUserResponse body, boolean created) {}

    /** Registers (or signs in again) the user {@code r} proves to be; {@code from} is the caller's address, for the token's label. */
    public Registered register(RegisterUserRequest r, String from) {
        if (r.githubToken() == null && r.inviteToken() == null) {
            throw new ApiException(400, "invalid_request", "send a proof of identity: github_token (from 'gh auth token') "
                    + "or invite_token (from your Nexus admin)", JsonObject.builder().put("field", "github_token")
                    .put("missing_fields", JsonArray.ofStrings(List.of("github_token", "invite_token"))).put("missing_fields_total", 2)
                    .build());
        }
        if (r.githubToken() != null && r.inviteToken() != null) {
            throw ApiException.invalid("invite_token", "send either github_token or invite_token, not both");
        }
        SshPublicKey key = parseKey("ssh_pubkey", r.sshPubkey());
        Instant now = clock.instant();
        if (r.githubToken() != null) {
            GitHubIdentity.Account account = verify(r.githubToken());
            return db.write(tx -> registerGitHub(tx, account, key, now, "GitHub registration from " + from));
        }
        if (!Tokens.looksLike(Tokens.INVITE_PREFIX, r.inviteToken())) {
            throw new ApiException(401, "auth_required", "that is not an invite token (they start with "
                    + Tokens.INVITE_PREFIX + "); ask your Nexus admin for one");
        }
        String hash = Tokens.hash(r.inviteToken());
        return db.write(tx -> registerInvited(tx, hash, key, now, "invite registration from " + from));
    }

    /**
     * The GitHub account behind the token. Its login becomes a user name (in SSH configs, container names, logs),
     * so it must follow GitHub's login rule like an invite's name: an API at --github-api that answers "../x" or
     * a 100-character login is not GitHub, and no user is made from its answer.
     */
    private GitHubIdentity.Account verify(String token) {
        GitHubIdentity.Account account;
        try {
            account = github.verify(token);
        } catch (GitHubIdentity.Rejected e) {
            throw new ApiException(401, "auth_required", e.getMessage());
        } catch (GitHubIdentity.Unavailable e) {
            throw new ApiException(502, "github_unavailable", e.getMessage() + "; try again later, or register with an "
                    + "invite token from your Nexus admin", null, e.getCause());
        }
        if (!USERNAME.matcher(account.login()).matches()) {
            throw new ApiException(502, "github_unavailable", "the GitHub API at " + github.api() + " answered with the login \""
                    + Names.printable(account.login()) + "\", which is not a GitHub user name (letters, digits and single "
                    + "hyphens, at most 39 characters), so no user is made from it; tell your Nexus admin, whose --github-api "
                    + "may not point at GitHub, or register with an invite token");
        }
        return account;
    }

    private Registered registerGitHub(Tx tx, GitHubIdentity.Account account, SshPublicKey key, Instant now, String how)
            throws SQLException {
        Connection c = tx.connection();
        Optional<UserStore.User> existing = UserStore.byGithubId(c, account.id());
        UserStore.User user;
        if (existing.isPresent()) {
            user = existing.get();
            if (!user.username().equals(account.login()) && UserStore.byUsername(c, account.login()).isEmpty()) {
                UserStore.rename(c, user.id(), account.login());
                user = new UserStore.User(user.id(), account.login(), user.githubId(), user.createdAt());
                // each workspace shows its owner's name: clients waiting for news of one hear of the new name now
                List<StoredWorkspace> renamed = WorkspaceStore.touchAllOfOwner(c, user.id());
                tx.afterCommit(() -> renamed.forEach(w -> notifier.publish(ChangeNotifier.workspaceTopic(w.id()))));
            }
        } else {
            if (UserStore.byUsername(c, account.login()).isPresent()) {
                throw ApiException.conflict("the user name " + account.login() + " belongs to an account created by invite; "
                        + "register with that account's token instead", JsonObject.empty());
            }
            user = new UserStore.User(Ids.newId(Ids.USER), account.login(), account.id(), now);
            UserStore.insert(c, user);
        }
        return finish(tx, user, key, existing.isEmpty(), now, how);
    }

    private Registered registerInvited(Tx tx, String inviteHash, SshPublicKey key, Instant now, String how) throws SQLException {
        Connection c = tx.connection();
        InviteStore.Invite invite = InviteStore.consume(c, inviteHash, now).orElseThrow(() -> new ApiException(401, "auth_required",
                "the invite token is not valid: unknown, expired or already used; ask your Nexus admin for a new one"));
        if (invite.userId() != null) {
            // an invite for an existing user signs them in again (their token expired, was revoked or is lost)
            UserStore.User user = UserStore.byId(c, invite.userId()).orElseThrow(() -> new ApiException(401, "auth_required",
                    "the user this invite was for no longer exists; ask your Nexus admin for a new invite"));
            return finish(tx, user, key, false, now, how);
        }
        if (UserStore.byUsername(c, invite.username()).isPresent()) {
            throw ApiException.conflict("a user named " + invite.username() + " already exists; ask your admin for an invite "
                    + "with another name", JsonObject.empty());
        }
        UserStore.User user = new UserStore.User(Ids.newId(Ids.USER), invite.username(), null, now);
        UserStore.insert(c, user);
        return finish(tx, user, key, true, now, how);
    }

    private Registered finish(Tx tx, UserStore.User user, SshPublicKey key, boolean created, Instant now, String how)
            throws SQLException {
        addKey(tx, user.id(), key, now);
        TokenStore.Minted token = TokenStore.mint(tx.connection(), new TokenStore.Grant(Scope.USER, user.id(), null,
                label(how, key), lifetimes.userExpiry(now)), now);
        return new Registered(new RegisterUserResponse(user.id(), user.username(), key.fingerprint(), token.token(),
                user.createdAt()), created);
    }

    public UserProfile profile(Principal p) {
        return db.read(c -> {
            UserStore.User u = UserStore.byId(c, p.userId()).orElseThrow();
            return new UserProfile(u.id(), u.username(), KeyStore.list(c, u.id()), u.createdAt());
        });
    }

    public List<SshKey> keys(Principal p) {
        return db.read(c -> KeyStore.list(c, p.userId()));
    }

    /** The key and whether it was added (false: the user had it already). */
    public record KeyAdded(SshKey key, boolean added) {}

    public KeyAdded addKey(Principal p, String publicKey) {
        SshPublicKey key = parseKey("public_key", publicKey);
        Instant now = clock.instant();
        return db.write(tx -> addKey(tx, p.userId(), key, now));
    }

    /** Removes a key by fingerprint ("SHA256:…", the prefix may be left out); the last key cannot go. */
    public void deleteKey(Principal p, String fingerprint) {
        String fp = fingerprint.startsWith("SHA256:") ? fingerprint : "SHA256:" + fingerprint;
        db.write(tx -> {
            Connection c = tx.connection();
            List<SshKey> keys = KeyStore.list(c, p.userId());
            if (keys.stream().noneMatch(k -> k.fingerprint().equals(fp))) {
                throw ApiException.notFound("you have no SSH key with fingerprint " + Names.printable(fp)
                        + "; GET /users/me/keys lists yours");
            }
            if (keys.size() == 1) {
                throw ApiException.conflict("that is your only SSH key; add another first, or you could not reach your "
                        + "workspaces any more", JsonObject.builder().put("keys", 1).build());
            }
            KeyStore.delete(c, p.userId(), fp);
            keysChanged(tx, p.userId());
            return null;
        });
    }

    private KeyAdded addKey(Tx tx, String userId, SshPublicKey key, Instant now) throws SQLException {
        Optional<SshKey> had = KeyStore.find(tx.connection(), userId, key.fingerprint());
        if (had.isPresent()) {
            return new KeyAdded(had.get(), false);
        }
        SshKey stored = new SshKey(key.fingerprint(), key.type(), key.publicKey(), key.comment(), now);
        KeyStore.insert(tx.connection(), userId, stored);
        keysChanged(tx, userId);
        return new KeyAdded(stored, true);
    }

    private void keysChanged(Tx tx, String userId) throws SQLException {
        List<StoredWorkspace> touched = WorkspaceStore.bumpGenerationOfOwner(tx.connection(), userId);
        for (StoredWorkspace w : touched) {
            NodeStore.bumpAssignments(tx.connection(), w.nodeId());
        }
        tx.afterCommit(() -> touched.forEach(w -> {
            notifier.publish(ChangeNotifier.nodeTopic(w.nodeId()));
            notifier.publish(ChangeNotifier.workspaceTopic(w.id()));
        }));
    }

    /**
     * A token's label: how it was minted, and the comment of the key registered with it (usually user@host, which
     * tells a user's machines apart).
     */
    private static String label(String how, SshPublicKey key) {
        String comment = key.comment();
        if (comment == null) {
            return how;
        }
        String shown = comment.length() > MAX_LABEL_COMMENT ? comment.substring(0, MAX_LABEL_COMMENT) + "…" : comment;
        return how + " (key " + shown + ")";
    }

    /**
     * Mints a single-use invite: for a user name not taken yet (it creates that user), or for a user an earlier
     * invite created (it signs them in again with a new token). GitHub users sign in with GitHub instead.
     */
    public InviteResponse invite(String username) {
        if (!USERNAME.matcher(username).matches()) {
            throw ApiException.invalid("username", "user name \"" + Names.printable(username) + "\" must be 1-39 letters, "
                    + "digits or single hyphens (GitHub's rule), not starting or ending with a hyphen");
        }
        Instant now = clock.instant();
        return db.write(tx -> {
            Optional<UserStore.User> existing = UserStore.byUsername(tx.connection(), username);
            if (existing.isPresent() && existing.get().githubId() != null) {
                throw ApiException.conflict(existing.get().username() + " is a GitHub user and signs in with 'nexus auth github', "
                        + "not with an invite", JsonObject.empty());
            }
            String token = Tokens.mint(Tokens.INVITE_PREFIX);
            Instant expires = now.plus(INVITE_LIFETIME);
            InviteStore.Invite invite = existing.map(u -> new InviteStore.Invite(u.username(), u.id()))
                    .orElse(new InviteStore.Invite(username, null));
            InviteStore.insert(tx.connection(), Tokens.hash(token), invite, now, expires);
            return new InviteResponse(token, invite.username(), expires);
        });
    }

    private static SshPublicKey parseKey(String field, String line) {
        try {
            return SshPublicKey.parse(line);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
    }
}
