package nexus.cli.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import nexus.cli.api.ApiException;
import nexus.cli.api.ServerClient;
import nexus.core.api.Upload;
import nexus.core.api.UploadRequest;
import nexus.core.util.Sizes;

/**
 * Sends a {@link Bundler.Bundle} to the server in the parts it asks for (docs/api.md, Uploads). A part that does
 * not arrive — the connection broke, the server restarted — is sent again from where the server says the upload
 * stands, a few times, before the upload is given up.
 */
public final class Uploader {
    private static final int ATTEMPTS = 4;

    private Uploader() {}

    /** Uploads {@code bundle} and returns the finished upload's id; an upload given up is deleted again. */
    public static String upload(ServerClient api, Bundler.Bundle bundle, Consumer<String> progress) {
        Upload begun = api.beginUpload(new UploadRequest(bundle.sizeBytes(), bundle.sha256()));
        try {
            return send(api, bundle, begun, progress);
        } catch (RuntimeException e) {
            try {
                api.deleteUpload(begun.uploadId());
            } catch (RuntimeException again) {
                e.addSuppressed(again); // it expires by itself an hour after it began
            }
            throw e;
        }
    }

    private static String send(ServerClient api, Bundler.Bundle bundle, Upload begun, Consumer<String> progress) {
        Upload u = begun;
        int failures = 0;
        try (FileChannel ch = FileChannel.open(bundle.file(), StandardOpenOption.READ)) {
            while (!u.complete()) {
                long offset = u.receivedBytes();
                ByteBuffer part = ByteBuffer.allocate((int) Math.min(u.partBytes(), bundle.sizeBytes() - offset));
                while (part.hasRemaining() && ch.read(part, offset + part.position()) > 0) {
                    // fill the part
                }
                try {
                    u = api.sendUploadPart(u.uploadId(), offset, part.array());
                    if (bundle.sizeBytes() > u.partBytes()) {
                        progress.accept("uploaded " + Sizes.format(u.receivedBytes()) + " of " + Sizes.format(bundle.sizeBytes()));
                    }
                } catch (ApiException e) {
                    // 409: the server holds a different part than this one expected (a retried part did arrive)
                    if (e.status() != 409 && e.status() < 500 || ++failures >= ATTEMPTS) {
                        throw e;
                    }
                    u = api.upload(u.uploadId());
                } catch (CliException e) {
                    if (e.exit() != ExitCode.UNREACHABLE && e.exit() != ExitCode.TIMEOUT || ++failures >= ATTEMPTS) {
                        throw e;
                    }
                    u = api.upload(u.uploadId());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bundle.file(), e);
        }
        return u.uploadId();
    }
}
