package nexus.agent.image;

import nexus.agent.BundledFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the Nexus base image is made of: Debian 12 (bookworm) minbase from {@code mirror}, the {@code packages}
 * installed on top, the in-image setup script (user dev, sudo), the workspace init and sshd settings (shared with
 * the sandbox driver, which runs them on the host's /usr) and the uid/gid shift for unprivileged containers. {@link #key()} hashes all of it: a change to any part means a new image.
 */
public record ImageSpec(String suite, String mirror, List<String> packages, String setupScript, String initScript,
                        String sshdConfig, int idShift) {

    public static final String NAME = "debian-12";
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

    /**
     * DESIGN §6's packages, plus tini (a reaping PID 1 that forwards SIGTERM to sshd) and python3-flask (so the
     * detected Flask example runs without PyPI, which nodes often cannot reach).
     */
    public static final List<String> PACKAGES = List.of(
            "openssh-server", "sudo", "git", "curl", "ca-certificates", "python3", "python3-venv", "python3-flask",
            "nodejs", "npm", "iproute2", "procps", "tini");

    public ImageSpec {
        packages = List.copyOf(packages);
    }

    /** The standard image: the bundled setup and init scripts, ids shifted by {@code idShift} (0: none). */
    public static ImageSpec standard(String mirror, int idShift) {
        return new ImageSpec("bookworm", mirror, PACKAGES, BundledFiles.text(ImageSpec.class, "image-setup.sh"), bundledInit(), bundledSshdConfig(), idShift);
    }

    /** The workspace's main process: clears stale service state, makes host keys on first boot, runs sshd. */
    public static String bundledInit() {
        return BundledFiles.text(ImageSpec.class, "nexus-init.sh");
    }

    /** sshd settings of every workspace (a drop-in for /etc/ssh/sshd_config.d). */
    public static String bundledSshdConfig() {
        return BundledFiles.text(ImageSpec.class, "nexus-sshd.conf");
    }

    /** 12 hex digits of SHA-256 over everything that goes into the image. */
    public String key() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String all = String.join("\n", suite, mirror, String.join(",", packages), setupScript, initScript, sshdConfig,
                    Integer.toString(idShift));
            return HexFormat.of().formatHex(sha.digest(all.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Directory-name prefix of every build of this spec: "debian-12-<key>-". */
    public String buildPrefix() {
        return NAME + "-" + key() + "-";
    }
}
