package nexus.agent.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesAndKeysTest {

    @Test
    void tarWrittenByTheAgentExtractsWithGnuTar(@TempDir Path tmp) throws Exception {
        byte[] tar = Tar.of(List.of(WorkspaceFile.directory("/a/dir", 0700, "root"),
                WorkspaceFile.text("/a/dir/file.txt", 0640, "root", "hello\n"),
                WorkspaceFile.text("/a/run.sh", 0755, "root", "#!/bin/sh\n")));
        Path archive = tmp.resolve("x.tar");
        Files.write(archive, tar);
        Path out = Files.createDirectory(tmp.resolve("out"));
        ProcessRunner.of("tar", "-x", "-f", archive.toString(), "-C", out.toString(), "--no-same-owner").check();
        assertEquals("hello\n", Files.readString(out.resolve("a/dir/file.txt")));
        assertTrue(Files.isExecutable(out.resolve("a/run.sh")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a/dir"))));
    }

    @Test
    void readerTakesRegularFilesAndRefusesEscapesAndLinks(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("package.json"), "{}");
        Files.createDirectories(src.resolve("pkg"));
        Files.writeString(src.resolve("pkg/__init__.py"), "app = 1");
        Files.createSymbolicLink(src.resolve("evil"), Path.of("/etc/passwd"));
        Path archive = tmp.resolve("x.tar");
        ProcessRunner.of("tar", "-C", src.toString(), "-cf", archive.toString(), "./package.json", "./pkg/__init__.py", "./evil").check();
        Path out = Files.createDirectory(tmp.resolve("out"));
        TarReader.extract(Files.readAllBytes(archive), out);
        assertEquals("{}", Files.readString(out.resolve("package.json")));
        assertEquals("app = 1", Files.readString(out.resolve("pkg/__init__.py")));
        assertFalse(Files.exists(out.resolve("evil"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "links are never created");

        Path escaping = tmp.resolve("escape.tar");
        Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/x"), "outside");
        ProcessRunner.of("tar", "-C", tmp.resolve("a/b").toString(), "-cf", escaping.toString(), "--absolute-names", "../x").check();
        Path out2 = Files.createDirectory(tmp.resolve("out2"));
        TarReader.extract(Files.readAllBytes(escaping), out2);
        try (var s = Files.list(out2)) {
            assertEquals(0, s.count(), "a member named ../x is skipped");
        }
    }

    @Test
    @SystemTest(HostRequirement.SSH)
    void fingerprintsMatchSshKeygen(@TempDir Path tmp) throws Exception {
        Path key = tmp.resolve("k");
        ProcessRunner.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).check();
        String pub = Files.readString(tmp.resolve("k.pub"));
        HostKeys keys = HostKeys.parse("noise\n" + pub);
        assertEquals(1, keys.keys().size());
        String expected = ProcessRunner.of("ssh-keygen", "-l", "-E", "sha256", "-f", tmp.resolve("k.pub").toString()).check()
                .stdout().split(" ")[1];
        assertEquals(expected, keys.fingerprints().getFirst());
        assertEquals(pub.split(" ")[0] + " " + pub.split(" ")[1], keys.keys().getFirst());
    }

    @Test
    @SystemTest(HostRequirement.GIT)
    void repositorySourcesAreClassified(@TempDir Path tmp) throws Exception {
        tmp = tmp.toRealPath();
        HostPathPolicy policy = HostPathPolicy.allowing(List.of(tmp));
        assertEquals(new RepoSource.Remote("https://github.com/o/r.git"), RepoSource.of("https://github.com/o/r.git", policy));
        assertEquals(new RepoSource.Remote("git@github.com:o/r.git"), RepoSource.of("git@github.com:o/r.git", policy));
        Path repo = Files.createDirectory(tmp.resolve("repo"));
        ProcessRunner.of("git", "init", "-q", repo.toString()).check();
        Files.createDirectories(repo.resolve("sub"));
        assertEquals(new RepoSource.LocalRepository(repo), RepoSource.of(repo.toString(), policy));
        assertEquals(new RepoSource.LocalRepository(repo), RepoSource.of(repo.toUri().toString(), policy));
        assertEquals(new RepoSource.LocalDirectory(repo.resolve("sub"), true), RepoSource.of(repo.resolve("sub").toString(), policy));
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        assertEquals(new RepoSource.LocalDirectory(plain, false), RepoSource.of(plain.toString(), policy));
        Path missing = tmp.resolve("nope");
        assertTrue(assertThrows(CloneException.class, () -> RepoSource.of(missing.toString(), policy))
                .getMessage().contains("does not exist on the node"));
        assertThrows(CloneException.class, () -> RepoSource.of("--upload-pack=evil", policy));
        assertThrows(CloneException.class, () -> RepoSource.of("ftp://x/y", policy));
    }
}
