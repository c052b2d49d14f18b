package nexus.agent.provision;

import nexus.agent.BundledFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigLoader;
import nexus.core.config.ConfigParser;
import nexus.core.config.WorkspaceConfig;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * A workspace's config: the text given in its spec, else what {@link ConfigLoader} finds in the clone (its
 * .nexus/config.yaml, else a detected project). The clone lives inside the workspace, where its owner may put
 * links to anywhere, so the agent never reads it through a host path: the files loading needs are copied out by
 * one exec as dev (regular files only, size-capped) into a scratch directory, and loading runs on that copy.
 */
public final class WorkspaceConfigs {
    private static final String SNAPSHOT = BundledFiles.text(WorkspaceConfigs.class, "config-files.sh");

    private final Path scratch;

    public WorkspaceConfigs(Path scratch) {
        this.scratch = scratch;
    }

    public WorkspaceConfig load(Driver driver, String instance, String specConfig) throws ConfigException {
        if (specConfig != null) {
            return ConfigParser.parse(specConfig, "the config given at creation");
        }
        ProcessRunner.Result r = driver.exec(instance, Exec.asDev("bash", "-c", SNAPSHOT, "config-files").withTimeout(Duration.ofSeconds(60)));
        if (!r.ok()) {
            throw new IllegalStateException("could not read the repository's files: " + Text.lastLines(r.stderr(), 2));
        }
        Path dir = null;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "config-");
            TarReader.extract(Base64.getMimeDecoder().decode(r.stdout().strip()), dir);
            return ConfigLoader.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the workspace config", e);
        } finally {
            removeTree(dir);
        }
    }

    private static void removeTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
