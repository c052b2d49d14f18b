package nexus.server.api;

import java.util.List;
import nexus.core.api.UploadRequest;
import nexus.server.http.Access;
import nexus.server.http.Response;
import nexus.server.http.Route;
import nexus.server.http.Schema;
import nexus.server.node.NodeRegistry;
import nexus.server.upload.Uploads;

/**
 * {@code /uploads…}: a user's checkout on its way to a workspace (nexus.server.upload.Uploads), and the node's
 * way to read it back.
 */
final class UploadApi {
    private static final String BUNDLE = "application/octet-stream";

    private final Uploads uploads;
    private final NodeRegistry nodes;

    UploadApi(Uploads uploads, NodeRegistry nodes) {
        this.uploads = uploads;
        this.nodes = nodes;
    }

    List<Route> routes() {
        Schema.IntegerSchema offset = Schema.integer("byte offset", 0, Long.MAX_VALUE);
        return List.of(
                Route.post("/uploads").access(Access.USER).id("createUpload").tag("uploads")
                        .summary("Announce a git bundle of your checkout (size and SHA-256); send it with PUT")
                        .description("At most " + Uploads.MAX_PENDING + " uploads no workspace was made from per user; "
                                + "they expire " + Uploads.UNUSED_LIFETIME.toMinutes() + " minutes after they begin.")
                        .body(ApiSchemas.UPLOAD_REQUEST)
                        .reply(201, ApiSchemas.UPLOAD, "announced; send the bytes")
                        .errors(409, 413)
                        .handler(r -> Response.json(201, uploads.begin(r.principal(), r.body(UploadRequest::fromJson)))),
                Route.put("/uploads/{upload}").access(Access.USER).id("sendUploadPart").tag("uploads")
                        .summary("Send the part of an upload that starts at offset (= received_bytes)")
                        .description("Parts of at most part_bytes; the last one completes the upload once the bytes match "
                                + "the announced SHA-256 and form a git bundle (else 400, and it starts over at 0).")
                        .query("offset", offset, "where this part starts: the upload's received_bytes")
                        .binaryBody(BUNDLE, "the bytes of the bundle from offset on", Uploads.PART_BYTES)
                        .reply(200, ApiSchemas.UPLOAD, "received")
                        .errors(404, 409)
                        .handler(r -> Response.ok(uploads.receive(r.principal(), r.path("upload"),
                                r.queryLong("offset", 0, 0, Long.MAX_VALUE), r.bodyStream()))),
                Route.get("/uploads/{upload}").access(Access.USER).id("getUpload").tag("uploads")
                        .summary("An upload and how much of it has arrived (to resume it)")
                        .reply(200, ApiSchemas.UPLOAD, "the upload")
                        .errors(404)
                        .handler(r -> Response.ok(uploads.get(r.principal(), r.path("upload")))),
                Route.delete("/uploads/{upload}").access(Access.USER).id("deleteUpload").tag("uploads")
                        .summary("Delete an upload no workspace was made from")
                        .reply(204, null, "deleted")
                        .errors(404, 409)
                        .handler(r -> {
                            uploads.discard(r.principal(), r.path("upload"));
                            return Response.noContent();
                        }),
                Route.get("/nodes/{id}/uploads/{upload}").access(Access.NODE).id("readUpload").tag("nodes")
                        .summary("A part of the upload a workspace of this node is made from")
                        .description("At most part_bytes from offset; Content-Range says which bytes of how many.")
                        .query("offset", offset, "where the part starts (default 0)")
                        .binaryReply(200, BUNDLE, "the bytes")
                        .errors(404)
                        .handler(r -> {
                            nodes.ownNode(r.principal(), r.path("id"));
                            Uploads.Part p = uploads.read(r.path("id"), r.path("upload"), r.queryLong("offset", 0, 0, Long.MAX_VALUE));
                            return new Response(200, p.bytes(), BUNDLE, java.util.Map.of("Content-Range", "bytes " + p.offset()
                                    + "-" + (p.offset() + p.bytes().length - 1) + "/" + p.total()));
                        }));
    }
}
