package nexus.cli.github;

import nexus.core.json.JsonObject;

/**
 * What {@code gh repo view --json} says about a repository. {@code viewerPermission} is GitHub's ADMIN, MAINTAIN,
 * WRITE, TRIAGE, READ (or empty); {@code parent} is the upstream "owner/name" of a fork, else null.
 */
public record GhRepo(String owner, String name, String url, String sshUrl, boolean isPrivate, boolean isFork,
                     String viewerPermission, String defaultBranch, String parent) {

    /** The fields to ask gh for, in its --json syntax. */
    public static final String FIELDS = "name,owner,url,sshUrl,isPrivate,isFork,viewerPermission,defaultBranchRef,parent";

    public String fullName() {
        return owner + "/" + name;
    }

    /** Whether {@code login} can push here, i.e. needs no fork. */
    public boolean writableBy(String login) {
        return owner.equalsIgnoreCase(login) || viewerPermission.equals("ADMIN") || viewerPermission.equals("MAINTAIN")
                || viewerPermission.equals("WRITE");
    }

    public static GhRepo fromJson(JsonObject o) {
        JsonObject parent = o.optObject("parent");
        JsonObject branch = o.optObject("defaultBranchRef");
        return new GhRepo(o.object("owner").string("login"), o.string("name"), o.string("url"), o.optString("sshUrl"),
                o.bool("isPrivate", false), o.bool("isFork", false), o.string("viewerPermission", ""),
                branch == null ? null : branch.optString("name"),
                parent == null ? null : parent.object("owner").string("login") + "/" + parent.string("name"));
    }
}
