package nexus.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The AOT training run of the CLI image (jlink/nexus.train runs {@code nexus __aot-training} with
 * {@code -XX:AOTCacheOutput}): help, the command parser and a usage error, run in-process with their output
 * discarded, so their classes are in the image's AOT cache. There is one
 * training run per cache, hence one command that runs several. The set is small on purpose: every class in the
 * cache is loaded at every start (JEP 483), so training JSON output and the HTTP client too (measured: a 14 MB
 * instead of an 11 MB cache) made `--version` and `--help` about 8 ms slower and the image 3.5 MB larger, to save
 * commands that then talk to a server some 20 ms.
 */
final class AotTraining {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("version"), // the classes `nexus --version` needs (reading version.txt from the module)
            List.of("--help"),
            List.of("workspace", "--help"),
            List.of("help", "up"),
            List.of("workspace", "bogus"));

    private AotTraining() {}

    static int run() {
        // none of these commands writes a file, so HOME need not exist (a temp directory would pull SecureRandom
        // and its providers into the cache)
        Path home = Path.of("/nonexistent/nexus-aot-training");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Env env = new Env(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"), home, System.in, discard, discard, false, false);
        for (List<String> command : COMMANDS) {
            Cli.run(command, env);
        }
        return 0;
    }
}
