package nexus.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nexus.cli.ServerProcess;
import nexus.core.util.ProcessRunner;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh in a temp HOME with the OS package step skipped (--skip-packages): from this source checkout with
 * the runtimes already built, and from release archives with their checksums; it links the commands, points
 * the CLI at a server and runs `nexus up`. The runtimes must be built (the full test run builds them).
 */
class InstallScriptTest {
    static final Path ROOT = Path.of(System.getProperty("nexus.root"));
    static final Path IMAGES = Path.of(System.getProperty("nexus.build"), "image");

    @TempDir
    Path tmp;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(IMAGES.resolve("nexus/bin/nexus"))
                && Files.isExecutable(IMAGES.resolve("nexus-server/bin/nexus-server")),
                "the runtimes are not built (./build.sh image; a full ./build.sh test builds them)");
        home = Files.createDirectories(tmp.resolve("home"));
    }

    private ProcessRunner.Result install(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("install.sh").toString(), "--skip-packages"));
        cmd.addAll(List.of(args));
        return ProcessRunner.of(cmd).env(Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin"))
                .unsetEnv("XDG_CONFIG_HOME").unsetEnv("NEXUS_SERVER").timeout(Duration.ofMinutes(5)).run();
    }

    @Test
    void fromTheCheckoutLinksTheRuntimesAndSetsTheServer() throws Exception {
        try (FakeGitHub github = FakeGitHub.start(); ServerProcess server = ServerProcess.start(tmp.resolve("server"), github.apiUrl(), false)) {
            ProcessRunner.Result r = install("--no-build", "--server", server.url());
            assertEquals(0, r.exitCode(), r.stderr());
            Path bin = home.resolve(".local/bin");
            assertEquals(IMAGES.resolve("nexus/bin/nexus").toRealPath(), bin.resolve("nexus").toRealPath());
            assertEquals(IMAGES.resolve("nexus-server/bin/nexus-server").toRealPath(), bin.resolve("nexus-server").toRealPath());
            assertTrue(r.stderr().contains("is not on your PATH"), "says how to add ~/.local/bin: " + r.stderr());
            assertTrue(Files.readString(home.resolve(".config/nexus/config.json")).contains(server.url()));
            ProcessRunner.Result version = ProcessRunner.of(bin.resolve("nexus").toString(), "--version").check();
            assertTrue(version.stdout().startsWith("nexus "), version.stdout());

            assertEquals(0, install("--no-build").exitCode(), "running it again is fine");

            // --repo runs `nexus up`: here the remote server wants a GitHub login or an invite, and says so
            ProcessRunner.Result up = install("--no-build", "--repo", ROOT.toString());
            assertEquals(3, up.exitCode(), up.stderr());
            assertTrue(up.stderr().contains("==> nexus up " + ROOT) && up.stderr().contains("nexus auth invite"), up.stderr());
        }
    }

    /** Archives as `./build.sh dist` names them, made from the built runtimes. */
    private Path dist(boolean corrupt) throws Exception {
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        StringBuilder sums = new StringBuilder();
        for (String name : List.of("nexus", "nexus-server")) {
            String file = name + "-9.9.9-linux-" + arch + ".tar.gz";
            ProcessRunner.of("tar", "-C", IMAGES.toString(), "--transform", "s,^" + name + "," + name + "-9.9.9-linux-" + arch + ",",
                    "--exclude=.stamp", "-czf", dist.resolve(file).toString(), name).timeout(Duration.ofMinutes(2)).check();
            String sha = ProcessRunner.of("sha256sum", dist.resolve(file).toString()).check().stdout().split(" ")[0];
            sums.append(corrupt && name.equals("nexus") ? "0".repeat(64) : sha).append("  ").append(file).append('\n');
        }
        Files.writeString(dist.resolve("SHA256SUMS"), sums.toString());
        return dist;
    }

    @Test
    void fromReleaseArchivesWithCheckedSums() throws Exception {
        ProcessRunner.Result r = install("--from", dist(false).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        Path runtime = home.resolve(".local/share/nexus/runtime");
        assertEquals(runtime.resolve("nexus/bin/nexus").toRealPath(), home.resolve(".local/bin/nexus").toRealPath());
        assertTrue(Files.isExecutable(runtime.resolve("nexus-server/bin/nexus-agent")));
        assertTrue(ProcessRunner.of(home.resolve(".local/bin/nexus").toString(), "--version").check().stdout().startsWith("nexus "));
    }

    @Test
    void aWrongChecksumIsRefused() throws Exception {
        ProcessRunner.Result r = install("--from", dist(true).toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("does not match its sha256"), r.stderr());
        assertTrue(Files.notExists(home.resolve(".local/bin/nexus")), "nothing was linked");
    }

    @Test
    void unknownOptionsAndMissingSourcesAreExplained() {
        ProcessRunner.Result r = install("--bogus");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("unknown option '--bogus' (see --help)"), r.stderr());
    }

    /**
     * On a machine that has none of them, --packages-only asks apt-get for every package a workspace host needs,
     * acl included (its absence once left the local node offline), and nothing else happens. .ci/run installs
     * its packages this way, so the installer and CI share one list.
     */
    @Test
    void packagesOnlyAsksForEveryPackageOfABareMachineAndStops() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bare-bin"));
        for (String tool : List.of("readlink", "dirname", "grep")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
        }
        Path calls = tmp.resolve("apt-calls");
        Path apt = bin.resolve("apt-get");
        Files.writeString(apt, "#!/bin/bash\necho \"$*\" >> " + calls + "\n");
        apt.toFile().setExecutable(true);
        ProcessRunner.Result r = ProcessRunner.of("/bin/bash", ROOT.resolve("install.sh").toString(), "--packages-only")
                .env(Map.of("HOME", home.toString(), "PATH", bin.toString())).unsetEnv("NEXUS_INSTALL_SKIP_PACKAGES")
                .timeout(Duration.ofMinutes(1)).run();
        Assumptions.assumeTrue(!r.stderr().contains("installing packages needs root"), "not root: " + r.stderr());
        assertEquals(0, r.exitCode(), r.stderr());
        String installed = Files.readString(calls).lines().filter(l -> l.startsWith("install")).findFirst().orElseThrow();
        // (sshd, ip and iptables are also looked for in /usr/sbin, which this machine has)
        for (String pkg : List.of("openssh-client", "git", "gh", "maven", "binutils", "unzip", "lxc", "debootstrap", "uidmap",
                "bubblewrap", "acl")) {
            assertTrue(List.of(installed.split(" ")).contains(pkg), pkg + " is installed: " + installed);
        }
        assertTrue(r.stderr().contains("package acl: "), "each package is said with why: " + r.stderr());
        assertTrue(Files.notExists(home.resolve(".local/bin/nexus")), "nothing but packages");
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("./install.sh --packages-only"),
                "CI takes the packages from the installer");
    }
}
