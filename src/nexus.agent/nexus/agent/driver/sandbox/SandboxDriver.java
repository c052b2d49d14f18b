package nexus.agent.driver.sandbox;

import nexus.agent.BundledFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import nexus.agent.network.Attachment;
import nexus.agent.network.Subnet;
import nexus.core.config.Resources;
import nexus.core.json.JsonCodec;
import nexus.core.json.JsonObject;
import nexus.core.util.ProcessRunner;
import nexus.core.util.Text;

/**
 * Workspaces without a container runtime: bubblewrap on the host's own /usr (read-only), with a per-workspace
 * writable home, /tmp, /var, /usr/local and /etc/ssh under {@code <state>/sandbox/<instance>}. Each sandbox
 * gets a user namespace with the same id shift as LXC containers (root inside is host uid 100000), its own pid,
 * ipc, uts and mount namespaces, and a network namespace with a veth on the Nexus bridge, so addressing, port
 * forwards and isolation between workspaces are those of the lxc driver. It runs the same init (host keys, sshd).
 *
 * <p>Weaker isolation than a container, and said so: the sandbox shares the host's kernel, sees the host's /usr
 * and /etc (read-only; files of host users are unmapped, so root-only ones stay unreadable), and has no sudo
 * (set-id programs do not work in it).
 *
 * <p>The sandbox is started detached (its own session, not tied to the agent), so it survives the agent; the
 * agent reaps it when it ends, if it is still the agent that started it.
 */
public final class SandboxDriver implements Driver {
    private static final Log LOG = Log.of("sandbox");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String LAUNCH = BundledFiles.text(SandboxDriver.class, "sandbox-launch.sh");

    private final Path root;
    private final CgroupLimits cgroups = CgroupLimits.detect();
    private final Monitors monitors = new Monitors();

    public SandboxDriver(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Checks the host can run sandboxes; the message says what to install or fix. */
    public static void checkHost() {
        Host.require("sandbox", List.of("bwrap", "unshare", "nsenter", "newuidmap", "setsid", "setpriv", "ip", "sshd"),
                "bubblewrap util-linux uidmap iproute2 openssh-server");
        if (!Host.isRoot()) {
            throw new IllegalStateException("the sandbox driver needs root: each sandbox gets its own network namespace "
                    + "on the Nexus bridge, which only root can set up");
        }
    }

    public void prepareHost() throws IOException {
        Files.createDirectories(root);
        SubordinateIds.ensure();
        // bubblewrap resolves the bind sources as the sandbox's root, host uid 100000
        SearchAccess.ensure(root);
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public String isolation() {
        return "bubblewrap sandboxes on the host's /usr (own user, pid, mount and network namespaces, host kernel, "
                + "/usr and /etc shared read-only, no sudo): weaker isolation than containers";
    }

    /**
     * The sandbox has no images: it runs on the host's /usr. It accepts "host", and the name of what the host is
     * (e.g. "debian-12" on a Debian 12 host), so a config written for containers works where it means the same.
     */
    @Override
    public void prepareImage(String image) {
        if (image != null && !image.equals("host") && !image.equals(hostImage())) {
            throw new UnsupportedImageException("image \"" + image + "\" is not available on the sandbox driver, which runs "
                    + "workspaces on the host's own /usr (image \"host\"" + (hostImage() == null ? "" : " or \"" + hostImage() + "\"")
                    + "); use the lxc driver for images");
        }
    }

    /** "<ID>-<VERSION_ID>" from /etc/os-release ("debian-12"), or null. */
    private static String hostImage() {
        try {
            String id = null;
            String version = null;
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("ID=")) {
                    id = line.substring(3).replace("\"", "");
                } else if (line.startsWith("VERSION_ID=")) {
                    version = line.substring(11).replace("\"", "");
                }
            }
            return id == null || version == null ? null : id + "-" + version;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void create(InstanceSpec spec) {
        Path dir = root.resolve(spec.name());
        if (Files.exists(dir.resolve("instance.json"))) {
            return;
        }
        Path tmp = root.resolve(spec.name() + ".new");
        try {
            ProcessRunner.of("rm", "-rf", "--", tmp.toString()).timeout(TIMEOUT).check();
            Path fs = tmp.resolve("root");
            for (String d : List.of("etc", "etc-ssh/sshd_config.d", "home/dev", "root", "tmp", "var/tmp", "var/log", "usr-local/sbin",
                    "usr-local/bin", "usr-local/lib")) {
                Files.createDirectories(fs.resolve(d));
            }
            Files.writeString(fs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n" + sshdUser()
                    + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\ndev:x:1000:1000:Nexus developer:/home/dev:/bin/bash\n");
            Files.writeString(fs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\ndev:x:1000:\n");
            for (String f : List.of("hosts", "hostname", "resolv.conf")) {
                Files.writeString(fs.resolve("etc/" + f), "");
            }
            // The host's ssh and sshd settings (never its host keys), with the workspace drop-in on top.
            try (var s = Files.list(Path.of("/etc/ssh"))) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (!n.startsWith("ssh_host_") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(p, fs.resolve("etc-ssh").resolve(n));
                    }
                }
            }
            Files.writeString(fs.resolve("etc-ssh/sshd_config.d/nexus.conf"), ImageSpec.bundledSshdConfig());
            Files.writeString(fs.resolve("usr-local/sbin/nexus-init"), ImageSpec.bundledInit());
            Files.setPosixFilePermissions(fs.resolve("usr-local/sbin/nexus-init"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String sticky : List.of("tmp", "var/tmp")) {
                Files.setAttribute(fs.resolve(sticky), "unix:mode", 01777);
            }
            ProcessRunner.of("chown", "-R", SubordinateIds.SHIFT + ":" + SubordinateIds.SHIFT, "--", fs.toString()).timeout(TIMEOUT).check();
            int dev = SubordinateIds.SHIFT + 1000;
            ProcessRunner.of("chown", "-R", dev + ":" + dev, "--", fs.resolve("home/dev").toString()).timeout(TIMEOUT).check();
            Files.writeString(tmp.resolve("instance.json"), JsonCodec.writePretty(JsonObject.builder()
                    .put("hostname", spec.hostname())
                    .put("bridge", spec.network().bridge())
                    .put("subnet", spec.network().subnet().toString())
                    .put("address", spec.network().ip())
                    .build()));
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create sandbox " + spec.name(), e);
        }
        limit(spec.name(), spec.resources());
    }

    /** The host's privilege-separation user for sshd, as the sandbox's passwd line (sshd refuses to run without it). */
    private static String sshdUser() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length >= 7 && f[0].equals("sshd") && Integer.parseInt(f[2]) < SubordinateIds.COUNT) {
                return "sshd:x:" + f[2] + ":65534::/run/sshd:/usr/sbin/nologin\n";
            }
        }
        return "sshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n";
    }

    @Override
    public void limit(String name, Resources resources) {
        try {
            for (Map.Entry<String, String> e : cgroups.live(resources).entrySet()) {
                Path group = cgroup(name, e.getKey());
                Files.createDirectories(group);
                Files.writeString(group.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not set the resource limits of " + name, e);
        }
    }

    /** The cgroup directory of a sandbox for one limit file ("memory.max" → its controller's hierarchy on v1). */
    private Path cgroup(String name, String file) {
        Path base = cgroups.v1() ? Path.of("/sys/fs/cgroup", file.substring(0, file.indexOf('.'))) : Path.of("/sys/fs/cgroup");
        return base.resolve("nexus-sandbox").resolve(name);
    }

    /** The cgroup.procs files a process of the sandbox joins (the groups are created if missing). */
    private List<String> cgroupProcs(String name) throws IOException {
        List<String> files = new ArrayList<>();
        for (String file : cgroups.live(null).keySet()) {
            Path group = cgroup(name, file);
            if (!files.contains(group.resolve("cgroup.procs").toString())) {
                Files.createDirectories(group);
                files.add(group.resolve("cgroup.procs").toString());
            }
        }
        return files;
    }

    @Override
    public void start(String name) {
        if (!needsStart(name)) {
            return;
        }
        Path dir = root.resolve(name);
        try {
            JsonObject instance = JsonCodec.parseObject(Files.readString(dir.resolve("instance.json")));
            Attachment net = new Attachment(instance.string("bridge"), Subnet.parse(instance.string("subnet")),
                    Subnet.parseAddress(instance.string("address")));
            ensureNetwork(name, net);
            Path fs = dir.resolve("root");
            List<String> binds = new ArrayList<>();
            for (String[] b : new String[][] {{"ro", "etc/passwd", "/etc/passwd"}, {"ro", "etc/group", "/etc/group"},
                    {"rw", "etc/hosts", "/etc/hosts"}, {"rw", "etc/hostname", "/etc/hostname"}, {"rw", "etc/resolv.conf", "/etc/resolv.conf"},
                    {"rw", "etc-ssh", "/etc/ssh"}, {"rw", "home", "/home"}, {"rw", "root", "/root"}, {"rw", "tmp", "/tmp"},
                    {"rw", "var", "/var"}, {"rw", "usr-local", "/usr/local"}}) {
                binds.addAll(List.of(b[0].equals("ro") ? "--ro-bind" : "--bind", fs.resolve(b[1]).toString(), b[2]));
            }
            List<String> argv = new ArrayList<>(launcher(name));
            argv.addAll(List.of("nsenter", "--net=" + netnsPath(name), "--",
                    "unshare", "--user", mapping("--map-users"), mapping("--map-groups"), "--setuid", "0", "--setgid", "0", "--",
                    "bwrap", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", instance.string("hostname"),
                    "--ro-bind", "/usr", "/usr",
                    "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                    "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                    "--ro-bind", "/etc", "/etc"));
            argv.addAll(binds);
            argv.addAll(List.of("--tmpfs", "/run", "--proc", "/proc", "--dev", "/dev", "--", "/usr/local/sbin/nexus-init"));
            Process p = monitors.launch(name, argv, dir.resolve("console.log"));
            Files.writeString(dir.resolve("pid"), p.pid() + " " + startTime(p.pid()).orElse(0L) + "\n");
            // bubblewrap starts the init only once the sandbox's mounts are in place: before that, no exec may enter
            monitors.awaitStart("sandbox " + name, p, () -> init(name).map(i -> !children(i).isEmpty()).orElse(false),
                    () -> consoleTail(dir), TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start sandbox " + name, e);
        }
    }

    private static String mapping(String flag) {
        return flag + "=" + SubordinateIds.SHIFT + ",0," + SubordinateIds.COUNT;
    }

    /** The sandbox-launch prefix: whatever follows joins the sandbox's cgroups. */
    private List<String> launcher(String name) throws IOException {
        List<String> files = cgroupProcs(name);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", LAUNCH, "sandbox-launch", Integer.toString(files.size())));
        argv.addAll(files);
        return argv;
    }

    /**
     * The sandbox's network namespace with the workspace end of a veth pair: address, fixed MAC, default route via
     * the bridge, and unprivileged ports from 0 (sshd runs as root of the sandbox's user namespace, which does not
     * own the network namespace, so port 22 needs this).
     */
    private void ensureNetwork(String name, Attachment net) {
        if (!Files.exists(Path.of(netnsPath(name)))) {
            ip("netns", "add", name);
        }
        if (!Files.exists(Path.of("/sys/class/net", net.hostInterface()))) {
            ip("link", "add", net.hostInterface(), "type", "veth", "peer", "name", "eth0", "netns", name);
        }
        ip("link", "set", net.hostInterface(), "master", net.bridge(), "up");
        ip("-n", name, "link", "set", "eth0", "address", net.mac());
        ip("-n", name, "addr", "replace", net.cidr(), "dev", "eth0");
        ip("-n", name, "link", "set", "eth0", "up");
        ip("-n", name, "link", "set", "lo", "up");
        ip("-n", name, "route", "replace", "default", "via", net.gateway());
        ProcessRunner.of("ip", "netns", "exec", name, "sysctl", "-q", "-w", "net.ipv4.ip_unprivileged_port_start=0").timeout(TIMEOUT).check();
    }

    @Override
    public void stop(String name, Duration grace) {
        Optional<Long> init = init(name);
        if (init.isEmpty()) {
            return;
        }
        // The init's oldest child is nexus-init, exec'd into sshd: when it ends, bubblewrap ends the sandbox.
        children(init.get()).stream().findFirst().ifPresent(main -> ProcessHandle.of(main).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.of(init.get()).map(ProcessHandle::isAlive).orElse(false)) {
            sleep(50);
        }
        ProcessHandle.of(init.get()).ifPresent(ProcessHandle::destroyForcibly);
        long outer = outerPid(name).orElse(-1L);
        deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.of(outer).map(ProcessHandle::isAlive).orElse(false)) {
            sleep(20);
        }
        monitors.awaitExit(name, Duration.ofSeconds(5));
    }

    @Override
    public void destroy(String name) {
        Path dir = root.resolve(name);
        stop(name, Duration.ZERO);
        String hostInterface = null;
        try {
            if (Files.exists(dir.resolve("instance.json"))) {
                JsonObject instance = JsonCodec.parseObject(Files.readString(dir.resolve("instance.json")));
                hostInterface = new Attachment(instance.string("bridge"), Subnet.parse(instance.string("subnet")),
                        Subnet.parseAddress(instance.string("address"))).hostInterface();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.exists(Path.of(netnsPath(name)))) {
            ip("netns", "del", name);
        }
        if (hostInterface != null && Files.exists(Path.of("/sys/class/net", hostInterface))) {
            ProcessRunner.of("ip", "link", "del", hostInterface).timeout(TIMEOUT).run();
        }
        for (String file : cgroups.live(null).keySet()) {
            Path group = cgroup(name, file);
            try {
                Files.deleteIfExists(group);
                Files.deleteIfExists(group.getParent()); // the shared nexus-sandbox group, once no sandbox is left
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // other sandboxes still use the parent
            } catch (IOException e) {
                LOG.warn("could not remove cgroup " + group + ": " + e.getMessage());
            }
        }
        ProcessRunner.of("rm", "-rf", "--one-file-system", "--", dir.toString(), root.resolve(name + ".new").toString())
                .timeout(Duration.ofMinutes(5)).check();
    }

    @Override
    public ProcessRunner.Result exec(String name, Exec exec) {
        Optional<Long> init = init(name);
        if (init.isEmpty()) {
            return new ProcessRunner.Result(125, "", "sandbox " + name + " is not running");
        }
        try {
            List<String> prefix = new ArrayList<>(launcher(name));
            prefix.addAll(List.of("nsenter", "-t", Long.toString(init.get()), "--user", "--mount", "--pid", "--uts", "--ipc", "--net",
                    "--root", "--wd=/", "-S", Integer.toString(exec.uid()), "-G", Integer.toString(exec.uid()), "--"));
            return exec.runner(prefix).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InstanceState state(String name) {
        if (!Files.exists(root.resolve(name).resolve("instance.json"))) {
            return InstanceState.ABSENT;
        }
        return init(name).isPresent() ? InstanceState.RUNNING : InstanceState.STOPPED;
    }

    @Override
    public List<String> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nexus-") && !n.endsWith(".new")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The host pid of the sandbox's PID 1 (bubblewrap's init), if the sandbox runs. Found among the children of
     * the bubblewrap the agent started by its name: unshare briefly has a helper child there too.
     */
    private Optional<Long> init(String name) {
        return outerPid(name).flatMap(outer -> children(outer).stream().filter(c -> command(c).equals("bwrap")).findFirst());
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The bubblewrap process the agent started, if it still runs (checked against its recorded start time). */
    private Optional<Long> outerPid(String name) {
        try {
            Path file = root.resolve(name).resolve("pid");
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String[] f = Files.readString(file).strip().split(" ");
            long pid = Long.parseLong(f[0]);
            long started = Long.parseLong(f[1]);
            return startTime(pid).filter(t -> t == started).map(t -> pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Children of a process, oldest first. */
    private static List<Long> children(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).strip();
            if (text.isEmpty()) {
                return List.of();
            }
            return java.util.Arrays.stream(text.split(" ")).map(Long::parseLong)
                    .sorted(java.util.Comparator.comparing(c -> startTime(c).orElse(Long.MAX_VALUE))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A process's start time in clock ticks since boot (field 22 of /proc/PID/stat): tells a reused pid apart. */
    static Optional<Long> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                return Optional.empty();
            }
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(f[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String netnsPath(String name) {
        return "/run/netns/" + name;
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        ProcessRunner.of(argv).timeout(TIMEOUT).check();
    }

    private static String consoleTail(Path dir) {
        try {
            Path log = dir.resolve("console.log");
            return Files.exists(log) ? Text.lastLines(Files.readString(log), 3) : "no output";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
