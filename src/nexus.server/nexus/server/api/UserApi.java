package nexus.server.api;

import java.util.List;
import nexus.core.api.AddKeyRequest;
import nexus.core.api.RegisterUserRequest;
import nexus.core.json.JsonObject;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.user.UserTokens;
import nexus.server.user.Users;

/**
 * {@code /users/…}: registration (no token; the body proves identity), the profile, SSH keys and the user's own API
 * tokens (user token).
 */
final class UserApi {
    private final Users users;
    private final UserTokens tokens;

    UserApi(Users users, UserTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/users/register").access(Access.PUBLIC).id("registerUser").tag("users")
                        .summary("Register (or sign in again) with a GitHub token or an invite, and an SSH key")
                        .description("201 for a new user, 200 for an existing one (GitHub account already registered, or "
                                + "an invite for an existing user); either way a new user token is minted and shown once. "
                                + "Earlier tokens stay valid (one per machine): GET /users/me/tokens lists them.")
                        .body(ApiSchemas.REGISTER_REQUEST)
                        .reply(201, ApiSchemas.REGISTER_RESPONSE, "a new user")
                        .reply(200, ApiSchemas.REGISTER_RESPONSE, "an existing user, with a new token")
                        .errors(401, 409, 502)
                        .handler(r -> {
                            Users.Registered reg = users.register(r.body(RegisterUserRequest::fromJson), r.remote());
                            return Response.json(reg.created() ? 201 : 200, reg.body());
                        }),
                Route.get("/users/me").access(Access.USER).id("getMe").tag("users")
                        .summary("The calling user and their SSH keys")
                        .reply(200, ApiSchemas.USER_PROFILE, "the profile")
                        .handler(r -> Response.ok(users.profile(r.principal()))),
                Route.get("/users/me/keys").access(Access.USER).id("listKeys").tag("users")
                        .summary("The calling user's SSH keys")
                        .reply(200, ApiSchemas.KEY_LIST, "the keys")
                        .handler(r -> Response.json(200, JsonObject.builder().putAll("keys", users.keys(r.principal())).build())),
                Route.post("/users/me/keys").access(Access.USER).id("addKey").tag("users")
                        .summary("Add an SSH key (workspaces get it on their next convergence)")
                        .body(ApiSchemas.ADD_KEY)
                        .reply(201, ApiSchemas.SSH_KEY, "the key was added")
                        .reply(200, ApiSchemas.SSH_KEY, "the user had this key already")
                        .handler(r -> {
                            Users.KeyAdded k = users.addKey(r.principal(), r.body(AddKeyRequest::fromJson).publicKey());
                            return Response.json(k.added() ? 201 : 200, k.key());
                        }),
                Route.delete("/users/me/keys/{fingerprint}").access(Access.USER).id("deleteKey").tag("users")
                        .summary("Remove an SSH key by fingerprint (URL-encoded SHA256:…); the last key cannot be removed")
                        .reply(204, null, "the key is gone")
                        .errors(404, 409)
                        .handler(r -> {
                            users.deleteKey(r.principal(), r.path("fingerprint"));
                            return Response.noContent();
                        }),
                Route.get("/users/me/tokens").access(Access.USER).id("listMyTokens").tag("users")
                        .summary("The calling user's live API tokens, the one of this request marked current")
                        .reply(200, ApiSchemas.TOKEN_LIST, "the tokens")
                        .handler(r -> Response.json(200, JsonObject.builder().putAll("tokens", tokens.mine(r.principal())).build())),
                Route.delete("/users/me/tokens").access(Access.USER).id("revokeMyTokens").tag("users")
                        .summary("Revoke every token of the calling user, this request's too (log out everywhere)")
                        .reply(200, ApiSchemas.TOKENS_REVOKED, "how many were revoked")
                        .handler(r -> Response.json(200, revoked(tokens.revokeAllMine(r.principal())))),
                Route.delete("/users/me/tokens/current").access(Access.USER).id("revokeCurrentToken").tag("users")
                        .summary("Revoke the token of this request (log out); the next request with it gets 401")
                        .reply(204, null, "revoked")
                        .handler(r -> {
                            tokens.revokeMine(r.principal(), r.principal().tokenId());
                            return Response.noContent();
                        }),
                Route.delete("/users/me/tokens/{token}").access(Access.USER).id("revokeMyToken").tag("users")
                        .summary("Revoke one of the calling user's tokens by token_id; effective on its next request")
                        .reply(204, null, "revoked")
                        .errors(404)
                        .handler(r -> {
                            tokens.revokeMine(r.principal(), r.path("token"));
                            return Response.noContent();
                        }));
    }

    static JsonObject revoked(int count) {
        return JsonObject.builder().put("revoked", count).build();
    }
}
