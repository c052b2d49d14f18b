package nexus.server.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nexus.core.json.JsonCodec;
import nexus.server.http.Response;
import nexus.server.store.StoredWorkspace;

/**
 * The answer to {@code GET /workspaces/{ws}}, which clients poll, rendered once per change of the workspace: the
 * store hands back the same immutable {@link StoredWorkspace} for as long as its row is unchanged, so "same object"
 * means "same answer". Bounded: emptied when full.
 */
final class WorkspaceViews {
    private static final int CAPACITY = 4096;

    private record Rendered(StoredWorkspace source, byte[] body) {}

    private final ConcurrentHashMap<String, Rendered> byId = new ConcurrentHashMap<>();

    Response ok(StoredWorkspace w) {
        Rendered r = byId.get(w.id());
        if (r == null || r.source() != w) {
            r = new Rendered(w, JsonCodec.bytes(w.toApi().toJson(), false));
            if (byId.size() >= CAPACITY) {
                byId.clear();
            }
            byId.put(w.id(), r);
        }
        return new Response(200, r.body(), Response.JSON, Map.of());
    }
}
