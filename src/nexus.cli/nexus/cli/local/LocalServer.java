package nexus.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.Env;
import nexus.cli.ExitCode;
import nexus.cli.Programs;
import nexus.cli.api.ServerClient;
import nexus.cli.background.Detached;
import nexus.cli.settings.LocalServerInfo;
import nexus.cli.settings.Paths;
import nexus.cli.settings.SecureFiles;
import nexus.cli.settings.SettingsStore;
import nexus.core.util.Text;

/**
 * A Nexus server on this machine that {@code nexus} starts itself when no server is configured: the sibling
 * runtime's {@code nexus-server serve} (or {@code NEXUS_SERVER_COMMAND}, words separated by spaces) in the
 * background, listening on 127.0.0.1 (port 3001, or a free one when 3001 is taken), its data in
 * {@code $XDG_DATA_HOME/nexus/server}, its log in {@code $XDG_STATE_HOME/nexus/server.log}. It is recorded in
 * config.json so later commands use it and {@code nexus server --stop} ends it.
 */
public final class LocalServer {
    // a recorded pid is only ours while that process still runs with our data directory on its command line
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Env env;
    private final Programs programs;
    private final Paths paths;
    private final SettingsStore store;

    public LocalServer(Programs programs, Paths paths, SettingsStore store) {
        this.env = programs.env();
        this.programs = programs;
        this.paths = paths;
        this.store = store;
    }

    /** The recorded local server, if any (running or not). */
    public LocalServerInfo recorded() {
        return store.settings().localServer();
    }

    public boolean running(LocalServerInfo info) {
        return info != null && Detached.alive(info.pid(), info.dataDir()) && healthy(info.url());
    }

    /** The running local server, started (or restarted after a reboot) when needed. */
    public LocalServerInfo ensureRunning(java.util.function.Consumer<String> progress) {
        LocalServerInfo info = recorded();
        if (running(info)) {
            return info;
        }
        return start(progress);
    }

    public LocalServerInfo start(java.util.function.Consumer<String> progress) {
        List<String> command = serverCommand();
        Path data = dataDir();
        SecureFiles.privateDir(paths.stateDir());
        // 3001 when free; if another program takes it between the check and the server's bind, a free port instead
        for (int attempt = 0; ; attempt++) {
            int port = choosePort(attempt == 0 ? previousPort() : -1);
            try {
                return startOn(command, data, port, progress);
            } catch (CliException e) {
                boolean portTaken = e.code().equals("local_server_failed") && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use");
                if (attempt >= 2 || !portTaken) {
                    throw e;
                }
            }
        }
    }

    private LocalServerInfo startOn(List<String> command, Path data, int port, java.util.function.Consumer<String> progress) {
        String url = "http://127.0.0.1:" + port;
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("serve", "--data", data.toString(), "--listen", "127.0.0.1:" + port));
        progress.accept("starting a local Nexus server on " + url + " (data: " + data + ")");
        long pid = Detached.start(programs, cmd, paths.localServerLog());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!Detached.alive(pid, data.toString())) {
                throw CliException.error("local_server_failed", "the local Nexus server stopped while starting: " + logTail(),
                        "see " + paths.localServerLog() + "; `nexus doctor` checks what the server needs");
            }
            if (healthy(url)) {
                LocalServerInfo before = recorded();
                if (before != null && !before.url().equals(url)) {
                    // same data directory, same accounts: the tokens saved for the old address work at the new one
                    store.updateCredentials(c -> c.forServer(before.url()) == null ? c
                            : c.with(url, c.forServer(before.url())).with(before.url(), null));
                }
                LocalServerInfo info = new LocalServerInfo(url, data.toString(), pid, paths.localServerLog().toString(), Instant.now());
                store.updateSettings(s -> s.withLocalServer(info).withServer(s.server() == null
                        || (s.localServer() != null && s.server().equals(s.localServer().url())) ? url : s.server()));
                return info;
            }
            sleep(200);
        }
        Detached.stop(pid, 5000);
        throw new CliException(ExitCode.TIMEOUT, "local_server_timeout", "the local Nexus server did not answer /health within "
                + STARTUP.toSeconds() + "s: " + logTail(), "see " + paths.localServerLog());
    }

    /** The local server's data directory, private (0700): the recorded one, else $XDG_DATA_HOME/nexus/server. */
    Path dataDir() {
        LocalServerInfo recorded = recorded();
        return SecureFiles.privateDir(recorded != null ? Path.of(recorded.dataDir()) : paths.localServerDataDir());
    }

    /** Stops the recorded local server; true when one was running. */
    public boolean stop() {
        LocalServerInfo info = recorded();
        if (info == null) {
            return false;
        }
        boolean wasRunning = Detached.alive(info.pid(), info.dataDir());
        if (wasRunning) {
            Detached.stop(info.pid(), 15_000);
        }
        store.updateSettings(s -> s.withLocalServer(null).withServer(info.url().equals(s.server()) ? null : s.server()));
        return wasRunning;
    }

    /** The admin token the server wrote into its data directory on first start. */
    public String adminToken(LocalServerInfo info) {
        Path file = Path.of(info.dataDir(), "admin.token");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw CliException.error("admin_token_missing", "cannot read the local server's admin token " + file + ": "
                    + e.getMessage(), "restart the local server with `nexus server --stop` and `nexus server --local`");
        }
    }

    /** The server program: NEXUS_SERVER_COMMAND, else the nexus-server runtime installed beside this CLI's. */
    List<String> serverCommand() {
        String override = env.get("NEXUS_SERVER_COMMAND");
        if (override != null) {
            return List.of(override.strip().split("\\s+"));
        }
        Path image = Path.of(System.getProperty("java.home"));
        Path sibling = image.resolveSibling("nexus-server").resolve("bin/nexus-server");
        if (Files.isExecutable(sibling)) {
            return List.of(sibling.toString());
        }
        return programs.which("nexus-server").map(p -> List.of(p.toString())).orElseThrow(() -> CliException.error(
                "server_runtime_missing", "no Nexus server is configured and the nexus-server runtime is not installed (looked at "
                        + sibling + " and PATH)", "install it (install.sh installs both runtimes), point at a server with "
                        + "`nexus server HOST`, or set NEXUS_SERVER_COMMAND"));
    }

    /**
     * Waits (at most {@code timeout}) until the local server's own node — its embedded agent, which registers a
     * moment after the server answers — is online, so a workspace created right away finds it. When it does not
     * come (no usable driver on this machine), creating a workspace then says why; the server's log has the reason.
     */
    public void awaitNode(LocalServerInfo info, Duration timeout, java.util.function.Consumer<String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        try (ServerClient c = new ServerClient(info.url(), null, "")) {
            while (System.nanoTime() < deadline) {
                try {
                    if (c.health().nodesOnline() > 0) {
                        return;
                    }
                } catch (CliException e) {
                    // not answering for a moment: try again until the deadline
                }
                if (!told) {
                    progress.accept("waiting for the local server's node (its embedded agent) to come online");
                    told = true;
                }
                sleep(250);
            }
        }
    }

    private boolean healthy(String url) {
        try (ServerClient c = new ServerClient(url, null, "")) {
            return c.health() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The port a recorded local server had (a restart keeps its address), else 3001. */
    private int previousPort() {
        LocalServerInfo info = recorded();
        return info == null ? nexus.cli.api.ServerUrl.DEFAULT_PORT : java.net.URI.create(info.url()).getPort();
    }

    /** {@code preferred} when it is free (-1: none), else any free loopback port. */
    private static int choosePort(int preferred) {
        for (int candidate : preferred > 0 ? new int[] {preferred, 0} : new int[] {0}) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return s.getLocalPort();
            } catch (IOException e) {
                // taken: try the next
            }
        }
        throw CliException.error("no_port", "no free port on 127.0.0.1 for a local server", "free a port and try again");
    }

    private String logTail() {
        try {
            String text = Files.readString(paths.localServerLog()).strip();
            return text.isEmpty() ? "(its log is empty)" : Text.lastLines(text, 5);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted", "interrupted", null);
        }
    }
}
