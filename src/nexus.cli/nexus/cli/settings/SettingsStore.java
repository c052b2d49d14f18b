package nexus.cli.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import nexus.cli.CliException;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonException;
import nexus.core.json.JsonObject;
import nexus.core.json.JsonWritable;

/**
 * Reads and writes {@code config.json} and {@code credentials.json} in the config directory (0700). Updates are
 * read-modify-write under a lock so two nexus processes cannot lose each other's change; credentials are 0600.
 */
public final class SettingsStore {
    private final Paths paths;

    public SettingsStore(Paths paths) {
        this.paths = paths;
    }

    public Paths paths() {
        return paths;
    }

    public Settings settings() {
        return read(paths.configFile(), Settings::fromJson, Settings.empty());
    }

    public Credentials credentials() {
        return read(paths.credentialsFile(), Credentials::fromJson, Credentials.empty());
    }

    public Settings updateSettings(UnaryOperator<Settings> change) {
        return update(paths.configFile(), Settings::fromJson, Settings.empty(), change);
    }

    public Credentials updateCredentials(UnaryOperator<Credentials> change) {
        return update(paths.credentialsFile(), Credentials::fromJson, Credentials.empty(), change);
    }

    private <T extends JsonWritable> T update(Path file, Function<JsonObject, T> reader, T empty, UnaryOperator<T> change) {
        SecureFiles.privateDir(paths.configDir());
        return SecureFiles.locked(paths.configDir().resolve(".lock"), () -> {
            T next = change.apply(read(file, reader, empty));
            SecureFiles.writePrivate(file, JsonCodec.writePretty(next.toJson()) + "\n");
            return next;
        });
    }

    private static <T> T read(Path file, Function<JsonObject, T> reader, T empty) {
        try {
            return reader.apply(JsonCodec.parseObject(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonException e) {
            throw CliException.error("bad_settings", file + " is not valid: " + e.getMessage(),
                    "fix the file or remove it (nexus recreates it; for credentials.json you then log in again with `nexus auth github`)");
        }
    }
}
