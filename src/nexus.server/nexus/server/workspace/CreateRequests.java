package nexus.server.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nexus.core.api.CreateWorkspaceRequest;
import nexus.core.api.Repository;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigParser;
import nexus.core.config.ConfigProblem;
import nexus.core.config.Resources;
import nexus.core.config.WorkspaceConfig;
import nexus.core.id.Ids;
import nexus.core.id.Names;
import nexus.core.json.JsonArray;
import nexus.core.json.JsonObject;
import nexus.core.repo.HostPathPolicy;
import nexus.core.repo.RepoRef;
import nexus.core.repo.RepoRefException;
import nexus.server.http.ApiException;
import nexus.server.http.CappedList;

/**
 * Checks a create request at the edge, field by field, before anything is stored or sent to a node: the name
 * rule, the repository reference (no option injection, no exotic transports: {@link RepoRef}), the branch,
 * provider and image, and the config, which is parsed so its problems come back with line and column. The
 * repository is normalised to what will be cloned. Also reads what the config asks for (services, resources: the
 * quotas count them) and computes the request fingerprint that {@code Idempotency-Key} compares. A path on the node
 * ({@code file://…}, {@code /abs}) is refused unless the operator allowed its directory ({@link HostPathPolicy}):
 * the agent would read it as root.
 */
public final class CreateRequests {
    /** Image references as the config accepts them ("debian-12", "images:debian/12", "ghcr.io/o/i@sha256:…"). */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,254}");
    /** A branch git accepts and that cannot be read as an option: no leading '-', no "..", no "//", no ".lock" end. */
    private static final Pattern BRANCH = Pattern.compile("(?!-)(?!.*\\.\\.)(?!.*//)(?!.*@\\{)(?!.*\\.lock$)[A-Za-z0-9._/+-]{1,255}(?<![/.])");
    private static final Pattern INFO = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private final HostPathPolicy hostPaths;

    public CreateRequests(HostPathPolicy hostPaths) {
        this.hostPaths = hostPaths;
    }

    public Workspaces.NewWorkspace check(CreateWorkspaceRequest r) {
        String nameProblem = Names.problem(r.name());
        if (nameProblem != null) {
            throw ApiException.invalid("name", nameProblem);
        }
        Repository repo = repository(r.repo());
        if (r.provider() != null && !ConfigParser.DRIVERS.contains(r.provider())) {
            throw ApiException.invalid("provider", "provider \"" + Names.printable(r.provider()) + "\" is not a driver; use one of "
                    + String.join(", ", ConfigParser.DRIVERS) + ", or leave it out for any node");
        }
        if (r.image() != null && !IMAGE.matcher(r.image()).matches()) {
            throw ApiException.invalid("image", "image \"" + Names.printable(r.image()) + "\" is not an image reference "
                    + "(e.g. debian-12, images:debian/12, node:20-bookworm)");
        }
        if (r.cloneToken() != null && (r.cloneToken().isBlank() || r.cloneToken().chars().anyMatch(c -> c <= 0x20 || c >= 0x7f))) {
            throw ApiException.invalid("clone_token", "clone_token must be a token without spaces or control characters");
        }
        WorkspaceConfig config = r.config() == null ? null : config(r.config());
        CreateWorkspaceRequest normalised = new CreateWorkspaceRequest(r.name(), repo, r.provider(), r.image(), r.config(), r.cloneToken());
        return new Workspaces.NewWorkspace(normalised, config == null ? null : config.services().size(),
                config == null ? Resources.DEFAULTS : config.resources(), fingerprint(normalised));
    }

    private Repository repository(Repository repo) {
        if (repo.upload() != null) {
            return upload(repo);
        }
        if (repo.url() == null) {
            throw new ApiException(400, "invalid_request", "required field repo.url is missing (or name an upload in "
                    + "repo.upload)", JsonObject.builder().put("field", "repo.url")
                    .put("missing_fields", JsonArray.ofStrings(List.of("repo.url"))).build());
        }
        RepoRef ref = parse(repo.url());
        if (ref.kind() == RepoRef.Kind.LOCAL) {
            String refusal = hostPaths.refusal(ref.localPath());
            if (refusal != null) {
                throw new ApiException(403, "forbidden", refusal, JsonObject.builder().put("field", "repo.url").build());
            }
        }
        checkBranchAndInfo(repo);
        return new Repository(ref.cloneUrl(), repo.owner() != null ? repo.owner() : ref.owner(),
                repo.name() != null ? repo.name() : ref.name(), repo.branch());
    }

    /**
     * A repository uploaded by its owner (nexus.server.upload.Uploads): {@code url}, when given, is its upstream
     * (what the workspace's origin points at) and must be a URL; whether the upload exists, is finished and is the
     * caller's is checked in the create transaction.
     */
    private static Repository upload(Repository repo) {
        if (!Ids.isId(Ids.UPLOAD, repo.upload())) {
            throw ApiException.invalid("repo.upload", "repo.upload must be an upload id (upl-…) from POST /uploads");
        }
        String upstream = null;
        if (repo.url() != null) {
            RepoRef ref = parse(repo.url());
            if (ref.kind() == RepoRef.Kind.LOCAL) {
                throw ApiException.invalid("repo.url", "the upstream of an upload is a URL its workspace can push to "
                        + "(https://…, ssh://…, git@host:o/r.git), not a path");
            }
            upstream = ref.cloneUrl();
        }
        checkBranchAndInfo(repo);
        return new Repository(upstream, repo.owner(), repo.name(), repo.branch(), repo.upload(), repo.source());
    }

    private static RepoRef parse(String url) {
        try {
            return RepoRef.parse(url);
        } catch (RepoRefException e) {
            throw ApiException.invalid("repo.url", e.getMessage());
        }
    }

    private static void checkBranchAndInfo(Repository repo) {
        if (repo.branch() != null && !BRANCH.matcher(repo.branch()).matches()) {
            throw ApiException.invalid("repo.branch", "branch \"" + Names.printable(repo.branch()) + "\" is not a branch "
                    + "name git accepts (letters, digits, . _ / + -; not starting with '-', no \"..\")");
        }
        for (String[] f : List.of(new String[] {"repo.owner", repo.owner()}, new String[] {"repo.name", repo.name()},
                new String[] {"repo.source", repo.source()})) {
            if (f[1] != null && !INFO.matcher(f[1]).matches()) {
                throw ApiException.invalid(f[0], f[0] + " must be 1-256 characters without control characters");
            }
        }
    }

    private static WorkspaceConfig config(String text) {
        try {
            return ConfigParser.parse(text, "config");
        } catch (ConfigException e) {
            CappedList<ConfigProblem> problems = CappedList.of(e.problems(), e.omitted());
            String listed = problems.first().stream().map(p -> p.render("config")).collect(Collectors.joining("\n"));
            throw new ApiException(400, "invalid_request", "the config has problems:\n" + listed
                    + (problems.omitted() > 0 ? "\n… and " + problems.omitted() + " more" : ""),
                    problems.putInto(JsonObject.builder().put("field", "config"), "problems", CreateRequests::problem).build());
        }
    }

    private static JsonObject problem(ConfigProblem p) {
        return JsonObject.builder().put("line", p.line()).put("column", p.column()).put("path", p.path())
                .put("message", p.message()).put("suggestion", p.suggestion()).build();
    }

    /**
     * SHA-256 of the request as it would be stored, without the clone token (a credential is never hashed into
     * the database) but with whether there was one.
     */
    static String fingerprint(CreateWorkspaceRequest r) {
        JsonObject o = JsonObject.builder()
                .put("request", new CreateWorkspaceRequest(r.name(), r.repo(), r.provider(), r.image(), r.config(), null))
                .put("clone_token", r.cloneToken() != null)
                .build();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(o.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
