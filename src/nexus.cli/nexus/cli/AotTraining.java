package nexus.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The AOT training run of the CLI image (jlink/nexus.train runs {@code nexus __aot-training} with
 * {@code -XX:AOTCacheOutput}): the commands people start most, run in-process in a throw-away HOME with their
 * output discarded, so the classes they load (parser, help, JSON, settings, HTTP client, errors) are in the
 * image's AOT cache. There is one training run per cache, hence one command that runs several.
 */
final class AotTraining {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("workspace", "--help"),
            List.of("help", "up"),
            List.of("version", "--json"),
            List.of("config", "get", "--json"),
            List.of("server"),
            List.of("completion", "bash"),
            List.of("workspace", "bogus"),
            // an unreachable server: the HTTP client, the API client and the error report
            List.of("workspace", "list", "--server", "http://127.0.0.1:9"),
            List.of("workspace", "list", "--json", "--server", "http://127.0.0.1:9"));

    private AotTraining() {}

    static int run() {
        try {
            Path home = Files.createTempDirectory("nexus-aot-training");
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Env env = new Env(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"), home, System.in, discard, discard, false, false);
            for (List<String> command : COMMANDS) {
                Cli.run(command, env);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
