package nexus.agent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nexus.agent.Log;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;

/** Workspace records as one JSON file each, replaced atomically (write to a temp file, then rename). */
final class RecordStore {
    private static final Log LOG = Log.of("reconcile");

    private final Path dir;

    RecordStore(Path dir) {
        this.dir = dir;
    }

    List<WorkspaceRecord> loadAll() {
        List<WorkspaceRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    records.add(WorkspaceRecord.fromJson(JsonCodec.parseObject(Files.readString(f))));
                } catch (JsonException | IllegalArgumentException e) {
                    LOG.error("ignoring unreadable workspace record " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    void save(WorkspaceRecord r) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(r.workspaceId + ".json");
            Path tmp = dir.resolve(r.workspaceId + ".json.tmp");
            Files.writeString(tmp, JsonCodec.writePretty(r.toJson()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the record of " + r.workspaceId, e);
        }
    }

    void delete(String workspaceId) {
        try {
            Files.deleteIfExists(dir.resolve(workspaceId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
