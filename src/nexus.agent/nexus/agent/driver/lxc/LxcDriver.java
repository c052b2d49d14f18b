package nexus.agent.driver.lxc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.agent.Log;
import nexus.agent.driver.CgroupLimits;
import nexus.agent.driver.Driver;
import nexus.agent.driver.Exec;
import nexus.agent.driver.Host;
import nexus.agent.driver.InstanceSpec;
import nexus.agent.driver.InstanceState;
import nexus.agent.driver.Monitors;
import nexus.agent.driver.SearchAccess;
import nexus.agent.driver.SubordinateIds;
import nexus.agent.driver.UnsupportedImageException;
import nexus.agent.image.ImageSpec;
import nexus.agent.image.ImageStore;
import nexus.core.config.Resources;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Workspaces as unprivileged LXC 5 containers in the agent's own lxcpath ({@code <state>/lxc}), so listing finds
 * only this agent's containers. Each base-image build gets a template container whose rootfs is the build; a
 * workspace is an overlay snapshot of it ({@code lxc-copy -s -B overlay}), with a static address and fixed MAC
 * on the Nexus bridge. The container's init is tini running the image's nexus-init (host keys, then sshd), so
 * {@code lxc.signal.halt = SIGTERM} stops it at once and orphans inside are reaped.
 *
 * <p>{@code lxc-start} runs in the foreground as a child of the agent, in a session of its own: the agent reaps
 * it when the container stops (this host's PID 1 reaps nothing), and it survives the agent.
 */
public final class LxcDriver implements Driver {
    private static final Log LOG = Log.of("lxc");
    /** Container ids 0-65535 run as host ids 100000-165535. */
    public static final int ID_SHIFT = SubordinateIds.SHIFT;
    private static final int ID_COUNT = SubordinateIds.COUNT;
    private static final String TEMPLATE_PREFIX = "nexus-tpl-";
    private static final String MANAGED_MARK = "# nexus workspace settings (managed by the agent)";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path lxcPath;
    private final ImageStore images;
    private final CgroupLimits cgroups = CgroupLimits.detect();
    private final Monitors monitors = new Monitors();
    private volatile String template;

    public LxcDriver(Path lxcPath, ImageStore images) {
        this.lxcPath = lxcPath.toAbsolutePath().normalize();
        this.images = images;
    }

    /** Checks the host can run this driver; the message says what to install or fix. */
    public static void checkHost() {
        Host.require("lxc", List.of("lxc-start", "lxc-copy", "lxc-attach", "lxc-destroy", "lxc-info", "lxc-stop", "lxc-cgroup",
                "debootstrap", "newuidmap", "setsid", "setpriv"), "lxc debootstrap uidmap util-linux");
        if (!Host.isRoot()) {
            throw new IllegalStateException("the lxc driver needs root (it creates containers, a bridge and iptables rules)");
        }
    }

    public void prepareHost() throws IOException {
        Files.createDirectories(lxcPath);
        SubordinateIds.ensure();
        SearchAccess.ensure(lxcPath);
        Files.createDirectories(images.cache());
        SearchAccess.ensure(images.cache());
    }

    @Override
    public String name() {
        return "lxc";
    }

    @Override
    public String isolation() {
        return "unprivileged LXC containers (own user, pid, mount, network namespaces; container root is host uid "
                + ID_SHIFT + ")";
    }

    @Override
    public void prepareImage(String image) {
        if (image != null && !image.equals(ImageSpec.NAME)) {
            throw new UnsupportedImageException("image \"" + image + "\" is not available on the lxc driver; it offers "
                    + ImageSpec.NAME + " (the Nexus base image)");
        }
        Path build = images.ensure(false);
        String name = TEMPLATE_PREFIX + build.getFileName();
        if (!name.equals(template)) {
            ensureTemplate(name, build.resolve("rootfs"));
            template = name;
        }
    }

    /**
     * The template container of an image build: never started, only cloned. lxc-copy insists that the
     * original's rootfs path contain its name, hence the symlink to the build's rootfs inside its directory.
     */
    private synchronized void ensureTemplate(String name, Path rootfs) {
        Path dir = lxcPath.resolve(name);
        try {
            Files.createDirectories(dir);
            Path link = dir.resolve("rootfs");
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, rootfs);
            }
            String config = String.join("\n",
                    "# Nexus template container for image " + rootfs.getParent().getFileName() + "; workspaces are snapshots of it.",
                    "lxc.include = /usr/share/lxc/config/common.conf",
                    "lxc.include = /usr/share/lxc/config/userns.conf",
                    "lxc.arch = linux64",
                    "lxc.idmap = u 0 " + ID_SHIFT + " " + ID_COUNT,
                    "lxc.idmap = g 0 " + ID_SHIFT + " " + ID_COUNT,
                    "lxc.rootfs.path = dir:" + link,
                    "lxc.uts.name = " + name,
                    "lxc.init.cmd = /usr/bin/tini -s -- /usr/local/sbin/nexus-init",
                    "lxc.signal.halt = SIGTERM",
                    "lxc.console.path = none",
                    "lxc.tty.max = 0",
                    "") ;
            writeAtomically(dir.resolve("config"), config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare template " + name, e);
        }
    }

    @Override
    public void create(InstanceSpec spec) {
        Path dir = lxcPath.resolve(spec.name());
        if (Files.exists(dir) && !Files.exists(dir.resolve("overlay/delta"))) {
            LOG.warn("removing half-made container " + spec.name());
            removeDirectory(dir);
        }
        if (!Files.exists(dir)) {
            String tpl = template;
            if (tpl == null) {
                throw new IllegalStateException("no image prepared before creating " + spec.name());
            }
            lxc("lxc-copy", "-n", tpl, "-N", spec.name(), "-s", "-B", "overlay");
        }
        List<String> settings = new ArrayList<>(List.of(
                "lxc.uts.name = " + spec.hostname(),
                "lxc.net.0.type = veth",
                "lxc.net.0.link = " + spec.network().bridge(),
                "lxc.net.0.flags = up",
                "lxc.net.0.name = eth0",
                "lxc.net.0.hwaddr = " + spec.network().mac(),
                "lxc.net.0.ipv4.address = " + spec.network().cidr(),
                "lxc.net.0.ipv4.gateway = " + spec.network().gateway(),
                "lxc.net.0.veth.pair = " + spec.network().hostInterface()));
        settings.addAll(cgroups.settings(spec.resources()));
        writeSettings(spec.name(), settings, List.of("lxc.uts.name", "lxc.net.", "lxc.cgroup"));
    }

    @Override
    public void limit(String name, Resources resources) {
        List<String> settings = cgroups.settings(resources);
        if (configuredCgroups(name).equals(settings)) {
            return; // already so in the config, and so applied when the container started
        }
        writeSettings(name, settings, List.of("lxc.cgroup"));
        if (state(name) == InstanceState.RUNNING) {
            cgroups.live(resources).forEach((key, value) -> ProcessRunner.of("lxc-cgroup", "-n", name, "-P", lxcPath.toString(),
                    "--", key, value).timeout(TIMEOUT).check());
        }
    }

    /** The cgroup lines the container's config holds now. */
    private List<String> configuredCgroups(String name) {
        try {
            return Files.readAllLines(lxcPath.resolve(name).resolve("config")).stream().filter(l -> l.startsWith("lxc.cgroup")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the agent-managed keys with {@code prefixes} in the container's config by {@code settings}. */
    private void writeSettings(String name, List<String> settings, List<String> prefixes) {
        Path config = lxcPath.resolve(name).resolve("config");
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(config)) {
                String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
                if (!line.equals(MANAGED_MARK) && prefixes.stream().noneMatch(key::startsWith)) {
                    lines.add(line);
                }
            }
            lines.add(MANAGED_MARK);
            lines.addAll(settings);
            writeAtomically(config, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the config of " + name, e);
        }
    }

    @Override
    public void start(String name) {
        if (!needsStart(name)) {
            return;
        }
        Path dir = lxcPath.resolve(name);
        Process p = monitors.launch(name, List.of("lxc-start", "-F", "-n", name, "-P", lxcPath.toString(), "-l", "WARN", "-o",
                dir.resolve("lxc.log").toString()), dir.resolve("console.log"));
        monitors.awaitStart("container " + name, p, () -> state(name) == InstanceState.RUNNING, () -> logTail(dir), TIMEOUT);
    }

    @Override
    public void stop(String name, Duration grace) {
        if (state(name) != InstanceState.RUNNING) {
            return;
        }
        ProcessRunner.of("lxc-stop", "-n", name, "-P", lxcPath.toString(), "-t", Long.toString(Math.max(1, grace.toSeconds())))
                .timeout(grace.plus(TIMEOUT)).run();
        if (state(name) == InstanceState.RUNNING) {
            lxc("lxc-stop", "-n", name, "-k");
        }
        monitors.awaitExit(name, TIMEOUT);
    }

    @Override
    public void destroy(String name) {
        if (state(name) == InstanceState.ABSENT) {
            removeDirectory(lxcPath.resolve(name));
            return;
        }
        if (state(name) == InstanceState.RUNNING) {
            lxc("lxc-stop", "-n", name, "-k");
            monitors.awaitExit(name, TIMEOUT);
        }
        ProcessRunner.Result r = ProcessRunner.of("lxc-destroy", "-n", name, "-P", lxcPath.toString()).timeout(TIMEOUT).run();
        if (!r.ok()) {
            LOG.warn("lxc-destroy " + name + " failed (" + Text.lastLines(r.stderr(), 1) + "); removing its directory");
        }
        removeDirectory(lxcPath.resolve(name));
    }

    @Override
    public ProcessRunner.Result exec(String name, Exec exec) {
        return exec.runner(List.of("lxc-attach", "-n", name, "-P", lxcPath.toString(), "--clear-env",
                "-u", Integer.toString(exec.uid()), "-g", Integer.toString(exec.uid()), "--")).run();
    }

    @Override
    public InstanceState state(String name) {
        if (!Files.exists(lxcPath.resolve(name).resolve("config"))) {
            return InstanceState.ABSENT;
        }
        ProcessRunner.Result r = ProcessRunner.of("lxc-info", "-n", name, "-P", lxcPath.toString(), "-s").timeout(TIMEOUT).run();
        return r.ok() && r.stdout().contains("RUNNING") ? InstanceState.RUNNING : InstanceState.STOPPED;
    }

    @Override
    public List<String> list() {
        if (!Files.isDirectory(lxcPath)) {
            return List.of();
        }
        try (var s = Files.list(lxcPath)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("nexus-") && !n.startsWith(TEMPLATE_PREFIX))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host pid of a running container's init, or -1. */
    public long initPid(String name) {
        ProcessRunner.Result r = ProcessRunner.of("lxc-info", "-n", name, "-P", lxcPath.toString(), "-p", "-H").timeout(TIMEOUT).run();
        try {
            return r.ok() ? Long.parseLong(r.stdout().strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private ProcessRunner.Result lxc(String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-P", lxcPath.toString()));
        return ProcessRunner.of(argv).timeout(TIMEOUT).check();
    }

    private static String logTail(Path dir) {
        try {
            Path log = dir.resolve("lxc.log");
            return Files.exists(log) ? Text.lastLines(Files.readString(log), 3) : "no lxc log";
        } catch (IOException e) {
            return "lxc log unreadable: " + e.getMessage();
        }
    }

    private static void removeDirectory(Path dir) {
        if (Files.exists(dir)) {
            ProcessRunner.of("rm", "-rf", "--one-file-system", "--", dir.toString()).timeout(TIMEOUT).check();
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
