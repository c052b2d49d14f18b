package nexus.cli.forward;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nexus.cli.CliException;
import nexus.cli.api.ApiException;
import nexus.cli.ssh.LoginKey;
import nexus.cli.ssh.SshConfigFiles;
import nexus.cli.ssh.SshHost;
import nexus.core.api.ServiceStatus;
import nexus.core.api.Workspace;
import nexus.core.api.WorkspaceState;

/**
 * The background forwarder of one workspace: an SSH session (JSch) to the workspace with the host keys pinned
 * from the Nexus known_hosts, and a local forward from {@code 127.0.0.1:<mapped_port>} to each service's port
 * inside the workspace. It reconnects with backoff (1 s doubling to 30 s) when the session drops or the
 * workspace is stopped, retries ports that were taken, picks up new services, writes what it is doing to its
 * state file, and ends when stopped (SIGTERM) or when the workspace is deleted.
 */
public final class ForwardDaemon {
    /** How often it retries ports that were taken, re-reads the workspace, and the longest wait between reconnects. */
    public record Timing(long retryBindsMs, long refreshMs, long maxBackoffMs) {
        public static final Timing DEFAULT = new Timing(10_000, 30_000, 30_000);
    }

    /** Fetches the workspace from the server (ApiException 404 when it was deleted). */
    @FunctionalInterface
    public interface WorkspaceSource {
        Workspace fetch();
    }

    private final String workspace;
    private final String server;
    private final WorkspaceSource source;
    private final LoginKey key;
    private final SshConfigFiles ssh;
    private final ForwardFiles files;
    private final PrintStream log;
    private final Timing timing;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    private volatile Thread runner;
    private volatile boolean stopping;
    private boolean published;
    private volatile Session session;
    private ForwardState state;

    public ForwardDaemon(String workspace, String server, WorkspaceSource source, LoginKey key, SshConfigFiles ssh,
                         ForwardFiles files, PrintStream log, Timing timing) {
        this.timing = timing;
        this.workspace = workspace;
        this.server = server;
        this.source = source;
        this.key = key;
        this.ssh = ssh;
        this.files = files;
        this.log = log;
    }

    /** Ends {@link #run()} (from another thread or a shutdown hook) and waits briefly for it to clean up. */
    public void stop() {
        stopping = true;
        disconnect();
        Thread t = runner;
        if (t != null) {
            t.interrupt();
            try {
                finished.await(3, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        files.remove(workspace);
    }

    /** Runs until stopped or the workspace is deleted. */
    public void run() {
        runner = Thread.currentThread();
        try {
            loop();
        } finally {
            disconnect();
            files.remove(workspace);
            finished.countDown();
        }
    }

    private void loop() {
        Instant now = Instant.now();
        state = new ForwardState(workspace, server, ProcessHandle.current().pid(), "connecting", null, List.of(), now, now);
        publish();
        long backoff = 1000;
        while (!stopping) {
            Workspace w;
            try {
                w = source.fetch();
            } catch (ApiException e) {
                if (e.status() == 404) {
                    say("workspace " + workspace + " no longer exists; stopping");
                    break;
                }
                backoff = pause("reconnecting", "the server said: " + e.getMessage(), backoff);
                continue;
            } catch (CliException e) {
                backoff = pause("reconnecting", e.getMessage(), backoff);
                continue;
            }
            if (w.status() != WorkspaceState.RUNNING || w.ssh() == null) {
                backoff = pause("waiting", "the workspace is " + w.status().wire() + "; forwards resume when it runs", backoff);
                continue;
            }
            try {
                serve(w);
                backoff = 1000;
            } catch (JSchException e) {
                String why = explain(e);
                say("ssh: " + why);
                backoff = pause(why.startsWith("the workspace refused") ? "failed" : "reconnecting", why, backoff);
                continue;
            } catch (InterruptedException e) {
                break;
            }
            if (!stopping) {
                backoff = pause("reconnecting", "the SSH connection to the workspace dropped", backoff);
            }
        }
    }

    /** Connects, binds every forward and watches the session until it drops. */
    private void serve(Workspace w) throws JSchException, InterruptedException {
        SshHost host = new SshHost(w.name(), w.ssh().host(), w.ssh().port(), w.ssh().user(), key.privateKey(), w.ssh().hostKeys());
        ssh.writeHost(host); // pin the keys the server reports now (a re-created workspace has new ones)
        JSch jsch = new JSch();
        jsch.setKnownHosts(ssh.knownHosts().toString());
        key.addTo(jsch);
        Session s = jsch.getSession(host.user(), host.hostName(), host.port());
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval(10_000);
        s.setServerAliveCountMax(3);
        s.connect(15_000);
        session = s;
        say("connected to " + host.knownHostsName());
        Map<String, ForwardState.Forward> forwards = new LinkedHashMap<>();
        for (ForwardState.Forward f : wanted(w)) {
            forwards.put(f.service(), bind(s, f));
        }
        update("connected", null, forwards);
        long lastRetry = System.currentTimeMillis();
        long lastRefresh = lastRetry;
        while (!stopping && s.isConnected()) {
            Thread.sleep(200);
            if (!java.nio.file.Files.exists(files.stateFile(workspace))) {
                publish(); // notices the removal and stops
                return;
            }
            long t = System.currentTimeMillis();
            if (t - lastRetry >= timing.retryBindsMs()) {
                lastRetry = t;
                boolean changed = false;
                for (ForwardState.Forward f : List.copyOf(forwards.values())) {
                    if (f.state().equals("bind_conflict")) {
                        ForwardState.Forward again = bind(s, f);
                        changed |= !again.state().equals(f.state());
                        forwards.put(f.service(), again);
                    }
                }
                if (changed) {
                    update("connected", null, forwards);
                }
            }
            if (t - lastRefresh >= timing.refreshMs()) {
                lastRefresh = t;
                if (!refresh(s, forwards)) {
                    return;
                }
            }
        }
    }

    /** Picks up added and removed services; false when the workspace is gone or no longer running. */
    private boolean refresh(Session s, Map<String, ForwardState.Forward> forwards) {
        Workspace w;
        try {
            w = source.fetch();
        } catch (ApiException e) {
            if (e.status() == 404) {
                stopping = true;
                say("workspace " + workspace + " no longer exists; stopping");
                return false;
            }
            return true; // the server is away; the SSH session is what matters
        } catch (CliException e) {
            return true;
        }
        if (w.status() != WorkspaceState.RUNNING) {
            disconnect();
            return false;
        }
        Map<String, ForwardState.Forward> wanted = new LinkedHashMap<>();
        wanted(w).forEach(f -> wanted.put(f.service(), f));
        boolean changed = false;
        for (ForwardState.Forward f : List.copyOf(forwards.values())) {
            ForwardState.Forward want = wanted.get(f.service());
            if (want == null || want.localPort() != f.localPort() || want.remotePort() != f.remotePort()) {
                unbind(s, f);
                forwards.remove(f.service());
                changed = true;
            }
        }
        for (ForwardState.Forward f : wanted.values()) {
            if (!forwards.containsKey(f.service())) {
                forwards.put(f.service(), bind(s, f));
                changed = true;
            }
        }
        if (changed) {
            update("connected", null, forwards);
        }
        return true;
    }

    /** One forward per service with a port: localhost:<mapped port> (the URL the server reports) → its port. */
    static List<ForwardState.Forward> wanted(Workspace w) {
        List<ForwardState.Forward> out = new ArrayList<>();
        w.services().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ServiceStatus s = e.getValue();
            if (s.port() != null) {
                int local = s.mappedPort() != null ? s.mappedPort() : s.port();
                out.add(new ForwardState.Forward(e.getKey(), local, s.port(), "pending", null));
            }
        });
        return out;
    }

    private ForwardState.Forward bind(Session s, ForwardState.Forward f) {
        try {
            s.setPortForwardingL("127.0.0.1", f.localPort(), "localhost", f.remotePort());
            say("forwarding localhost:" + f.localPort() + " -> " + f.service() + ":" + f.remotePort());
            return f.with("listening", null);
        } catch (JSchException e) {
            String why = "localhost:" + f.localPort() + " is already in use on this machine (another program listens there)";
            say(f.service() + ": " + why);
            return f.with("bind_conflict", why);
        }
    }

    private static void unbind(Session s, ForwardState.Forward f) {
        if (f.state().equals("listening")) {
            try {
                s.delPortForwardingL("127.0.0.1", f.localPort());
            } catch (JSchException ignored) {
                // already gone with its session
            }
        }
    }

    private void update(String connection, String message, Map<String, ForwardState.Forward> forwards) {
        state = state.with(connection, message, List.copyOf(forwards.values()));
        publish();
    }

    /** Records a wait, sleeps the backoff and returns the next one. */
    private long pause(String connection, String message, long backoff) {
        List<ForwardState.Forward> forwards = state.forwards().stream()
                .map(f -> f.with(connection.equals("failed") ? "failed" : "reconnecting", null)).toList();
        state = state.with(connection, message, forwards);
        publish();
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            stopping = true;
        }
        return Math.min(backoff * 2, timing.maxBackoffMs());
    }

    private void publish() {
        if (stopping) {
            return;
        }
        if (published && !java.nio.file.Files.exists(files.stateFile(workspace))) {
            // someone removed the state (the nexus state directory was deleted, a test's HOME was cleaned up): nobody
            // can find or stop this forwarder any more, so it ends instead of running on unseen
            say("state file " + files.stateFile(workspace) + " was removed; stopping");
            stopping = true;
            Thread t = runner;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
            return;
        }
        files.write(state);
        published = true;
    }

    private void disconnect() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    private void say(String line) {
        log.println(Instant.now() + " " + line);
        log.flush();
    }

    private String explain(JSchException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Auth fail") || m.contains("Auth cancel")) {
            return "the workspace refused the key " + key.privateKey() + "; run `nexus ssh setup` to register it with the server";
        }
        if (m.contains("HostKey has been changed") || m.contains("reject HostKey")) {
            return "the workspace's host key does not match the pinned one (" + ssh.knownHosts() + "); refusing to connect";
        }
        return m;
    }
}
