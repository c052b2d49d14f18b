package nexus.cli.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nexus.cli.settings.SecureFiles;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;

/** Where a workspace's forwarder keeps its state file and log ({@code $XDG_STATE_HOME/nexus/forwards/}). */
public record ForwardFiles(Path dir) {

    public Path stateFile(String workspace) {
        return dir.resolve(workspace + ".json");
    }

    public Path logFile(String workspace) {
        return dir.resolve(workspace + ".log");
    }

    public Optional<ForwardState> read(String workspace) {
        try {
            return Optional.of(ForwardState.fromJson(JsonCodec.parseObject(Files.readString(stateFile(workspace)))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JsonException e) {
            // half-written by a forwarder killed mid-write cannot happen (atomic rename); anything else is stale
            return Optional.empty();
        }
    }

    /** The workspaces that have a state file (running forwarders, or dead ones not cleaned up yet). */
    public List<String> workspaces() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public void write(ForwardState state) {
        SecureFiles.privateDir(dir);
        SecureFiles.writePrivate(stateFile(state.workspace()), JsonCodec.writePretty(state.toJson()) + "\n");
    }

    public void remove(String workspace) {
        try {
            Files.deleteIfExists(stateFile(workspace));
        } catch (IOException e) {
            // a stale state file is recognised by its dead pid
        }
    }
}
