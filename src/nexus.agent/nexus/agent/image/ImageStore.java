package nexus.agent.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import nexus.agent.Log;

/**
 * Builds and caches the Nexus base image under a cache directory. A build is debootstrap (minbase) into a
 * temporary directory, {@code apt-get install} of the packages in a chroot, the setup script, the uid/gid
 * shift; then one rename publishes it as {@code <cache>/debian-12-<key>-<UTC time>/rootfs}. A published build
 * is never modified: a rebuild publishes a newer one and workspaces cloned from the old one keep theirs. A lock
 * file serialises builders across processes, so agents and test runs sharing a cache build each image once.
 */
public final class ImageStore {
    private static final Log LOG = Log.of("image");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private final Path cache;
    private final ImageSpec spec;

    public ImageStore(Path cache, ImageSpec spec) {
        this.cache = cache.toAbsolutePath().normalize();
        this.spec = spec;
    }

    public Path cache() {
        return cache;
    }

    public ImageSpec spec() {
        return spec;
    }

    /** The newest published build of the spec, if any. */
    public Optional<Path> current() {
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().startsWith(spec.buildPrefix()))
                    .filter(p -> Files.isDirectory(p.resolve("rootfs")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current build, building one first if there is none (or if {@code rebuild}). */
    public Path ensure(boolean rebuild) {
        Optional<Path> before = current();
        if (before.isPresent() && !rebuild) {
            return before.get();
        }
        IN_PROCESS.lock();
        try {
            Files.createDirectories(cache);
            try (FileChannel ch = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    LOG.info("another process is building an image in " + cache + "; waiting for it");
                    lock = ch.lock();
                }
                try {
                    // Someone may have built (or rebuilt) it while this one waited.
                    Optional<Path> now = current();
                    if (now.isPresent() && (!rebuild || !now.equals(before))) {
                        return now.get();
                    }
                    return build();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private Path build() throws IOException {
        String name = spec.buildPrefix() + STAMP.format(Instant.now());
        Path tmp = cache.resolve(".build-" + name);
        removeTree(tmp);
        removeAbandonedBuilds();
        Files.createDirectories(tmp);
        Path rootfs = tmp.resolve("rootfs");
        long started = System.nanoTime();
        LOG.info("building image " + name + " (" + ImageSpec.NAME + " + " + String.join(" ", spec.packages()) + ") in " + tmp);
        try {
            run("debootstrap", List.of("debootstrap", "--variant=minbase", spec.suite(), rootfs.toString(), spec.mirror()));
            Path policy = rootfs.resolve("usr/sbin/policy-rc.d");
            Files.writeString(policy, "#!/bin/sh\n# no daemons start while the image is built\nexit 101\n");
            Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> install = new ArrayList<>(List.of("chroot", rootfs.toString(), "env", "DEBIAN_FRONTEND=noninteractive",
                    "apt-get", "install", "-y", "-q", "--no-install-recommends", "--"));
            install.addAll(spec.packages());
            run("apt-get install", install);
            runWithInput("setup", List.of("chroot", rootfs.toString(), "env", "NEXUS_SSHD_CONFIG=" + spec.sshdConfig(),
                    "/bin/sh", "-c", spec.setupScript()), spec.initScript());
            if (spec.idShift() != 0) {
                LOG.info("shifting file owners by " + spec.idShift() + " for unprivileged containers");
                IdShift.shift(rootfs, spec.idShift());
            }
            Files.writeString(tmp.resolve("image.txt"), "image " + ImageSpec.NAME + " key " + spec.key() + "\npackages "
                    + String.join(" ", spec.packages()) + "\nid shift " + spec.idShift() + "\nbuilt " + Instant.now() + "\n");
            Path published = cache.resolve(name);
            Files.move(tmp, published, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("image " + name + " built in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
            return published;
        } catch (RuntimeException | IOException e) {
            removeTree(tmp);
            throw e;
        }
    }

    /** Build directories of processes that died mid-build (we hold the lock, so nobody else is building). */
    private void removeAbandonedBuilds() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".build-")).toList()) {
                LOG.info("removing abandoned image build " + p);
                removeTree(p);
            }
        }
    }

    private void run(String step, List<String> command) {
        runWithInput(step, command, null);
    }

    /** Runs a build step, logging its progress lines; on failure the exception carries the output's tail. */
    private void runWithInput(String step, List<String> command, String input) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Deque<String> tail = new ArrayDeque<>();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ImageBuildException(step + " could not start: " + e.getMessage()
                    + (command.getFirst().equals("debootstrap") ? " (install it: apt-get install debootstrap)" : ""), List.of());
        }
        try {
            if (input != null) {
                try (var out = p.getOutputStream()) {
                    out.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            int setUp = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                    if (line.startsWith("I: ") && !line.startsWith("I: Retrieving") && !line.startsWith("I: Validating")
                            && !line.startsWith("I: Extracting") && !line.startsWith("I: Unpacking") && !line.startsWith("I: Configuring ")) {
                        LOG.info(step + ": " + line.substring(3));
                    } else if (line.startsWith("Setting up ") && ++setUp % 50 == 0) {
                        LOG.info(step + ": " + setUp + " packages set up");
                    }
                }
            }
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new ImageBuildException(step + " did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes", List.copyOf(tail));
            }
            if (p.exitValue() != 0) {
                throw new ImageBuildException(step + " failed (exit " + p.exitValue() + ")", List.copyOf(tail));
            }
        } catch (IOException e) {
            throw new ImageBuildException(step + " failed: " + e.getMessage(), List.copyOf(tail));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageBuildException(step + " was interrupted", List.copyOf(tail));
        }
    }

    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // rm knows not to cross into mounts left by a killed chroot step (--one-file-system) and handles odd modes.
        nexus.core.util.ProcessRunner.of("rm", "-rf", "--one-file-system", "--", dir.toString())
                .timeout(java.time.Duration.ofMinutes(5)).check();
    }
}
