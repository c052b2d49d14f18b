package nexus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java benchmarks in bench/ are not run by the tests (they take minutes and want a quiet machine), but they
 * must keep compiling against the code they measure, with the same module flags bench/run-java gives them.
 */
class BenchSourcesTest {
    private static final Path ROOT = Path.of(System.getProperty("nexus.root"));
    private static final String JAVAC = Path.of(System.getProperty("nexus.java.home"), "bin", "javac").toString();

    @TempDir
    Path out;

    private static List<String> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
    }

    private static void compile(List<String> cmd) {
        ProcessRunner.Result r = ProcessRunner.of(cmd).timeout(Duration.ofMinutes(2)).run();
        assertEquals(0, r.exitCode(), "javac said:\n" + r.stdout() + r.stderr());
    }

    @Test
    void agentBenchmarksCompileAgainstTheBuild() throws IOException {
        Path build = Path.of(System.getProperty("nexus.build"));
        Path deps = Path.of(System.getProperty("nexus.deps"));
        List<String> cmd = new ArrayList<>(List.of(JAVAC, "--release", "25", "-d", out.resolve("agent").toString(),
                "--module-path", build.resolve("classes") + ":" + deps.resolve("main"), "--add-modules", "nexus.agent"));
        for (String pkg : List.of("nexus.agent", "nexus.agent.network", "nexus.agent.reconcile")) {
            cmd.addAll(List.of("--add-exports", "nexus.agent/" + pkg + "=ALL-UNNAMED"));
        }
        cmd.addAll(sources(ROOT.resolve("bench")));
        compile(cmd);
    }

    @Test
    void apiBenchmarkCompiles() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVAC, "--release", "25", "-d", out.resolve("api").toString()));
        cmd.addAll(sources(ROOT.resolve("bench/api-load")));
        compile(cmd);
    }
}
