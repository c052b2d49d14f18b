package nexus.server.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import nexus.core.api.Phase;
import nexus.core.api.WorkspaceState;
import nexus.core.json.JsonObject;
import nexus.core.protocol.WorkspaceSpec;
import nexus.core.util.ProcessRunner;
import nexus.server.store.Database;
import nexus.server.testing.ApiResponse;
import nexus.server.testing.ShiftedClock;
import nexus.server.testing.SimulatedAgent;
import nexus.server.testing.TestServer;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout on its way from a user's computer to a workspace on a node: announced, sent in parts (resumable,
 * each bounded), checked (size, SHA-256, a git bundle), used by exactly one workspace of its owner, read back only
 * by that workspace's node, and gone when nobody needs it any more.
 */
@SystemTest(HostRequirement.GIT)
class UploadApiTest {
    @TempDir
    Path tmp;

    /** A real git bundle of a repository holding {@code randomBytes} of incompressible data (more than a part). */
    private byte[] bundle(int randomBytes) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        ProcessRunner.of("git", "init", "-q", "-b", "main", repo.toString()).check();
        byte[] data = new byte[randomBytes];
        new Random(7).nextBytes(data);
        Files.write(repo.resolve("data.bin"), data);
        ProcessRunner.of("git", "-C", repo.toString(), "add", "-A").check();
        ProcessRunner.of("git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "data").check();
        Path out = tmp.resolve("repo.bundle");
        ProcessRunner.of("git", "-C", repo.toString(), "bundle", "create", "-q", out.toString(), "--all").check();
        return Files.readAllBytes(out);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ApiResponse begin(TestServer server, TestServer.User user, long size, String sha) {
        return server.post("/uploads", user.token(), JsonObject.builder().put("size_bytes", size).put("sha256", sha).build());
    }

    private static ApiResponse put(TestServer server, TestServer.User user, String id, long offset, byte[] bytes) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/uploads/" + id + "?offset=" + offset))
                .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static String upload(TestServer server, TestServer.User user, byte[] bundle) throws Exception {
        String id = begin(server, user, bundle.length, sha256(bundle)).json().string("upload_id");
        ApiResponse r = put(server, user, id, 0, bundle);
        assertTrue(r.json().bool("complete"), r.toString());
        return id;
    }

    private static JsonObject create(String name, String upload) {
        return JsonObject.builder().put("name", name).put("repo", JsonObject.builder().put("upload", upload)
                .put("name", "repo").put("source", "laptop:/home/me/repo").put("url", "https://github.com/me/repo").build()).build();
    }

    private static HttpResponse<byte[]> nodeRead(TestServer server, SimulatedAgent node, String upload, long offset) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/nodes/" + node.nodeId() + "/uploads/" + upload
                    + "?offset=" + offset)).header("Authorization", "Bearer " + node.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void aCheckoutArrivesInPartsResumesWhereItStoodAndOnlyItsWorkspacesNodeReadsItBack() throws Exception {
        byte[] bundle = bundle(Uploads.PART_BYTES + 300_000);
        try (TestServer server = TestServer.start(c -> c.withHostPaths(nexus.core.repo.HostPathPolicy.NONE))) {
            TestServer.User alice = server.registerUser("alice");
            TestServer.User bob = server.registerUser("bob");
            SimulatedAgent node = SimulatedAgent.register(server, "node-1");
            SimulatedAgent other = SimulatedAgent.register(server, "node-2");

            ApiResponse begun = begin(server, alice, bundle.length, sha256(bundle));
            assertEquals(201, begun.status(), begun.toString());
            String id = begun.json().string("upload_id");
            assertEquals(Uploads.PART_BYTES, begun.json().longValue("part_bytes"));
            assertEquals(0, begun.json().longValue("received_bytes"));

            byte[] first = Arrays.copyOfRange(bundle, 0, Uploads.PART_BYTES);
            assertEquals(Uploads.PART_BYTES, put(server, alice, id, 0, first).json().longValue("received_bytes"));
            // a part sent again after a lost answer is refused with where the upload stands
            ApiResponse again = put(server, alice, id, 0, first);
            assertEquals(409, again.status(), again.toString());
            assertEquals(Uploads.PART_BYTES, again.json().object("details").longValue("received_bytes"));
            assertEquals(404, server.get("/uploads/" + id, bob.token()).status(), "another user finds nothing");
            assertEquals(404, put(server, bob, id, Uploads.PART_BYTES, new byte[1]).status());
            ApiResponse early = server.post("/workspaces", alice.token(), create("early", id));
            assertEquals(409, early.status(), "an unfinished upload makes no workspace: " + early);

            ApiResponse last = put(server, alice, id, Uploads.PART_BYTES, Arrays.copyOfRange(bundle, Uploads.PART_BYTES, bundle.length));
            assertEquals(200, last.status(), last.toString());
            assertTrue(last.json().bool("complete"));

            assertEquals(400, server.post("/workspaces", bob.token(), create("stolen", id)).status(), "not bob's upload");
            ApiResponse created = server.post("/workspaces", alice.token(), create("shop", id));
            assertEquals(202, created.status(), created.toString());
            String ws = created.json().string("workspace_id");
            JsonObject repo = server.get("/workspaces/shop", alice.token()).json().object("repository");
            assertEquals(id, repo.string("upload"));
            assertEquals("laptop:/home/me/repo", repo.string("source"));
            assertEquals("https://github.com/me/repo.git", repo.string("url"), "the upstream is normalised like any URL");
            assertEquals(409, server.post("/workspaces", alice.token(), create("twice", id)).status(), "one workspace per upload");
            assertNull(server.get("/uploads/" + id, alice.token()).json().optString("expires_at"), "used: kept with its workspace");

            SimulatedAgent holder = server.get("/workspaces/shop", alice.token()).json().object("node").string("node_id")
                    .equals(node.nodeId()) ? node : other;
            SimulatedAgent stranger = holder == node ? other : node;
            WorkspaceSpec spec = holder.spec(ws);
            assertEquals(id, spec.repo().upload());
            HttpResponse<byte[]> p1 = nodeRead(server, holder, id, 0);
            assertEquals(200, p1.statusCode());
            assertEquals("bytes 0-" + (Uploads.PART_BYTES - 1) + "/" + bundle.length, p1.headers().firstValue("Content-Range").orElseThrow());
            HttpResponse<byte[]> p2 = nodeRead(server, holder, id, Uploads.PART_BYTES);
            byte[] back = new byte[bundle.length];
            System.arraycopy(p1.body(), 0, back, 0, p1.body().length);
            System.arraycopy(p2.body(), 0, back, p1.body().length, p2.body().length);
            assertArrayEquals(bundle, back, "the node reads back exactly what was sent");
            assertEquals(404, nodeRead(server, stranger, id, 0).statusCode(), "another node cannot read it");
            assertEquals(403, server.get("/nodes/" + holder.nodeId() + "/uploads/" + id, alice.token()).status());
        }
    }

    @Test
    void whatIsNotACompleteBundleOfTheAnnouncedSizeIsRefused() throws Exception {
        byte[] bundle = bundle(1000);
        try (TestServer server = TestServer.start(c -> c.withMaxUploadBytes(64 << 10))) {
            TestServer.User carol = server.registerUser("carol");
            SimulatedAgent.register(server, "node-1");
            ApiResponse tooBig = begin(server, carol, (64 << 10) + 1, sha256(bundle));
            assertEquals(413, tooBig.status());
            assertTrue(tooBig.json().string("message").contains("--max-upload-size"), tooBig.toString());
            assertEquals(400, begin(server, carol, 10, "not-a-sha").status());
            assertEquals(400, begin(server, carol, 0, sha256(bundle)).status());

            String wrongHash = begin(server, carol, bundle.length, sha256(new byte[] {1})).json().string("upload_id");
            ApiResponse refused = put(server, carol, wrongHash, 0, bundle);
            assertEquals(400, refused.status());
            assertTrue(refused.json().string("message").contains("do not match"), refused.toString());
            assertEquals(0, server.get("/uploads/" + wrongHash, carol.token()).json().longValue("received_bytes"), "starts over");

            byte[] text = "just some text, not a bundle".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String notBundle = begin(server, carol, text.length, sha256(text)).json().string("upload_id");
            ApiResponse refusedText = put(server, carol, notBundle, 0, text);
            assertEquals(400, refusedText.status());
            assertTrue(refusedText.json().string("message").contains("not a git bundle"), refusedText.toString());

            String shortOne = begin(server, carol, 10, sha256(bundle)).json().string("upload_id");
            ApiResponse overlong = put(server, carol, shortOne, 0, bundle);
            assertEquals(400, overlong.status(), "more bytes than announced: " + overlong);

            assertEquals(201, begin(server, carol, bundle.length, sha256(bundle)).status());
            assertEquals(409, begin(server, carol, bundle.length, sha256(bundle)).status(),
                    "at most " + Uploads.MAX_PENDING + " unused uploads");
            assertEquals(204, server.delete("/uploads/" + shortOne, carol.token()).status());
            String fine = upload(server, carol, bundle);

            ApiResponse unknown = server.post("/workspaces", carol.token(), create("x", "upl-aaaaaaaaaaaaaaaaaaaa"));
            assertEquals(400, unknown.status());
            assertEquals("repo.upload", unknown.json().object("details").string("field"));
            ApiResponse pathUpstream = server.post("/workspaces", carol.token(), JsonObject.builder().put("name", "x")
                    .put("repo", JsonObject.builder().put("upload", fine).put("url", "/srv/repo").build()).build());
            assertEquals(400, pathUpstream.status());
            assertEquals("repo.url", pathUpstream.json().object("details").string("field"));
            ApiResponse neither = server.post("/workspaces", carol.token(), JsonObject.builder().put("name", "x")
                    .put("repo", JsonObject.builder().put("name", "r").build()).build());
            assertEquals(400, neither.status());
            assertEquals("repo.url", neither.json().object("details").string("field"));
        }
    }

    @Test
    void aPartLargerThanThePartSizeIsRefusedBeforeItIsRead() throws Exception {
        try (TestServer server = TestServer.start()) {
            TestServer.User dave = server.registerUser("dave");
            byte[] big = new byte[Uploads.PART_BYTES + 1];
            String id = begin(server, dave, big.length, sha256(big)).json().string("upload_id");
            ApiResponse r = put(server, dave, id, 0, big);
            assertEquals(413, r.status(), r.toString());
            assertEquals(Uploads.PART_BYTES, r.json().object("details").longValue("limit_bytes"));
            assertEquals(0, server.get("/uploads/" + id, dave.token()).json().longValue("received_bytes"));
        }
    }

    @Test
    void uploadsNobodyNeedsGoAndThoseOfLiveWorkspacesStay() throws Exception {
        byte[] bundle = bundle(1000);
        try (TestServer server = TestServer.start()) {
            TestServer.User erin = server.registerUser("erin");
            SimulatedAgent node = SimulatedAgent.register(server, "node-1");
            String unused = upload(server, erin, bundle);
            String kept = upload(server, erin, bundle);
            String deletedWith = upload(server, erin, bundle);
            server.post("/workspaces", erin.token(), create("kept", kept));
            String gone = server.post("/workspaces", erin.token(), create("gone", deletedWith)).json().string("workspace_id");
            assertEquals(202, server.delete("/workspaces/gone?force=true", erin.token()).status());
            node.report(node.spec(gone), WorkspaceState.DELETED, Phase.READY);
            Path files = server.dataDir().resolve("uploads");
            assertEquals(3, countFiles(files));

            ShiftedClock later = new ShiftedClock();
            try (Database db = Database.open(server.dataDir().resolve(Database.FILE_NAME))) {
                Uploads sweeper = new Uploads(db, files, 1 << 20, later);
                assertEquals(1, sweeper.sweep(), "the deleted workspace's upload goes at once");
                later.advance(Uploads.UNUSED_LIFETIME.plusMinutes(1));
                assertEquals(1, sweeper.sweep(), "the unused one goes after its lifetime");
            }
            assertEquals(404, server.get("/uploads/" + unused, erin.token()).status());
            assertEquals(404, server.get("/uploads/" + deletedWith, erin.token()).status());
            assertEquals(200, server.get("/uploads/" + kept, erin.token()).status());
            assertEquals(1, countFiles(files));
            assertFalse(Files.exists(files.resolve(unused + ".bundle")));
        }
    }

    private static long countFiles(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
