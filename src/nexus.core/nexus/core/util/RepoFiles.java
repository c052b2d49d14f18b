package nexus.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads small text files out of a cloned repository, which is untrusted input: nothing is followed through a
 * symbolic link (a repository could link {@code package.json} to a host file such as {@code /etc/shadow}),
 * only regular files are opened (a FIFO would block forever), and size is capped before reading.
 */
public final class RepoFiles {
    private RepoFiles() {}

    /** Why a file in the repository could not be used; the message names the file and says what to do. */
    public static final class UnreadableException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnreadableException(String message) {
            super(message);
        }
    }

    private record Found(Path path, BasicFileAttributes attrs) {}

    /**
     * The text of {@code relative} (a '/'-separated path inside {@code repoDir}), or empty when there is no such
     * file. Throws when it exists but is a link, not a regular file, larger than {@code maxBytes} or not UTF-8.
     */
    public static Optional<String> read(Path repoDir, String relative, int maxBytes) throws IOException {
        Optional<Found> found = locate(repoDir, relative);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes attrs = found.get().attrs();
        if (!attrs.isRegularFile()) {
            throw new UnreadableException(relative + " is not a regular file");
        }
        if (attrs.size() > maxBytes) {
            throw new UnreadableException(relative + " is " + attrs.size() + " bytes; the limit is "
                    + Sizes.format(maxBytes));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(found.get().path(), LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(maxBytes + 1);   // the file may have grown since it was measured
        }
        if (bytes.length > maxBytes) {
            throw new UnreadableException(relative + " is larger than the limit of " + Sizes.format(maxBytes));
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new UnreadableException(relative + " is not UTF-8 text");
        }
    }

    /** Whether {@code relative} is a regular file inside {@code repoDir}, reached without following a link. */
    public static boolean isFile(Path repoDir, String relative) {
        try {
            return locate(repoDir, relative).map(f -> f.attrs().isRegularFile()).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code relative} is a directory inside {@code repoDir}, reached without following a link. */
    public static boolean isDirectory(Path repoDir, String relative) {
        try {
            return locate(repoDir, relative).map(f -> f.attrs().isDirectory()).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Walks {@code relative} one component at a time so that no component can be a link. */
    private static Optional<Found> locate(Path repoDir, String relative) throws IOException {
        String[] parts = relative.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("not a plain relative path: " + relative);
            }
        }
        Path file = repoDir;
        BasicFileAttributes attrs = null;
        for (int i = 0; i < parts.length; i++) {
            file = file.resolve(parts[i]);
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (attrs.isSymbolicLink()) {
                throw new UnreadableException(relative + " is a symbolic link (" + repoDir.relativize(file)
                        + "); Nexus does not follow links in repositories: commit the file itself");
            }
            if (i < parts.length - 1 && !attrs.isDirectory()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Found(file, attrs));
    }
}
