package nexus.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoFilesTest {
    @TempDir
    Path repo;

    @Test
    void readsASmallFile() throws IOException {
        Files.createDirectories(repo.resolve("a"));
        Files.writeString(repo.resolve("a/b.txt"), "héllo");
        assertEquals(Optional.of("héllo"), RepoFiles.read(repo, "a/b.txt", 100));
        assertTrue(RepoFiles.isFile(repo, "a/b.txt"));
        assertTrue(RepoFiles.isDirectory(repo, "a"));
    }

    @Test
    void missingFilesAreEmpty() throws IOException {
        assertEquals(Optional.empty(), RepoFiles.read(repo, "nope/x.txt", 100));
        Files.writeString(repo.resolve("file"), "x");
        assertEquals(Optional.empty(), RepoFiles.read(repo, "file/x.txt", 100), "a file is not a directory");
        assertFalse(RepoFiles.isFile(repo, "nope"));
    }

    @Test
    void linksAreNotFollowedAnywhereOnThePath() throws IOException {
        Path outside = Files.createTempDirectory("outside");
        try {
            Files.writeString(outside.resolve("secret"), "s3cret");
            Files.createSymbolicLink(repo.resolve("dir"), outside);
            Files.createSymbolicLink(repo.resolve("file"), outside.resolve("secret"));
            IOException viaDir = assertThrows(RepoFiles.UnreadableException.class,
                    () -> RepoFiles.read(repo, "dir/secret", 100));
            assertTrue(viaDir.getMessage().contains("dir/secret is a symbolic link (dir)"), viaDir.getMessage());
            assertThrows(RepoFiles.UnreadableException.class, () -> RepoFiles.read(repo, "file", 100));
            assertFalse(RepoFiles.isFile(repo, "file"));
            assertFalse(RepoFiles.isDirectory(repo, "dir"));
        } finally {
            Files.delete(outside.resolve("secret"));
            Files.delete(outside);
        }
    }

    @Test
    void oversizedFilesAreRefusedBeforeReading() throws IOException {
        Files.writeString(repo.resolve("big"), "x".repeat(101));
        IOException e = assertThrows(RepoFiles.UnreadableException.class, () -> RepoFiles.read(repo, "big", 100));
        assertEquals("big is 101 bytes; the limit is 100B", e.getMessage());
    }

    @Test
    void fifosAreNotOpened() throws Exception {
        Process p = new ProcessBuilder("mkfifo", repo.resolve("pipe").toString()).start();
        assertEquals(0, p.waitFor());
        IOException e = assertThrows(RepoFiles.UnreadableException.class, () -> RepoFiles.read(repo, "pipe", 100));
        assertEquals("pipe is not a regular file", e.getMessage());
    }

    @Test
    void nonUtf8IsRefused() throws IOException {
        Files.write(repo.resolve("latin1"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
        assertThrows(RepoFiles.UnreadableException.class, () -> RepoFiles.read(repo, "latin1", 100));
    }

    @Test
    void pathsMustStayInsideTheRepository() {
        assertThrows(IllegalArgumentException.class, () -> RepoFiles.read(repo, "../etc/passwd", 100));
        assertThrows(IllegalArgumentException.class, () -> RepoFiles.read(repo, "a//b", 100));
    }
}
