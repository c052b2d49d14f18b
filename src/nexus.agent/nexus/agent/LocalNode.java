package nexus.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import nexus.agent.driver.Driver;
import nexus.agent.network.NodeNetwork;
import nexus.agent.provision.UploadSource;
import nexus.agent.reconcile.Reconciler;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.repo.HostPathPolicy;

/**
 * The node side of an agent without the server link: state directory, driver, network and reconciler, wired
 * and started. {@code nexus-agent serve} puts an HTTP client on top; tests drive the reconciler directly.
 */
public final class LocalNode implements AutoCloseable {
    private final Driver driver;
    private final NodeNetwork network;
    private final Reconciler reconciler;

    private LocalNode(Driver driver, NodeNetwork network, Reconciler reconciler) {
        this.driver = driver;
        this.network = network;
        this.reconciler = reconciler;
    }

    /** A node without a server: workspaces made from uploads cannot be cloned (tests drive the reconciler). */
    public static LocalNode open(AgentOptions options, Consumer<ObservedWorkspace> onChange) throws Exception {
        return open(options, UploadSource.NONE, onChange);
    }

    /** @param uploads where uploaded checkouts come from (the agent's server) */
    public static LocalNode open(AgentOptions options, UploadSource uploads, Consumer<ObservedWorkspace> onChange)
            throws Exception {
        String driverName = Drivers.pick(options.driver()); // before anything is made on a host that cannot run it
        prepareStateDir(options.stateDir());
        Driver driver = Drivers.open(driverName, options);
        NodeNetwork network = new NodeNetwork(options.bridge(), options.subnet(), options.stateDir(), options.publishServices());
        // the state directory holds workspace records and scratch bundles: no repository path may lead into it
        HostPathPolicy hostPaths = options.hostPaths().protecting(List.of(options.stateDir()));
        Reconciler reconciler = new Reconciler(driver, network, options.stateDir(), hostPaths, uploads, onChange);
        reconciler.start();
        return new LocalNode(driver, network, reconciler);
    }

    /**
     * Creates the state dir. It is traversable (0711) because an unprivileged container's root must reach its
     * root file system under it; its contents are not listable by others.
     */
    static void prepareStateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path tmp = dir.resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    nexus.core.util.ProcessRunner.of("rm", "-rf", "--", p.toString()).run();
                }
            }
        }
        Files.createDirectories(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    }

    public Driver driver() {
        return driver;
    }

    public NodeNetwork network() {
        return network;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Stops converging; workspaces keep running. */
    @Override
    public void close() {
        reconciler.close();
    }
}
