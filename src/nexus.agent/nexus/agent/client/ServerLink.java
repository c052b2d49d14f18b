package nexus.agent.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nexus.agent.Log;
import nexus.agent.reconcile.Reconciler;
import nexus.core.protocol.Assignments;
import nexus.core.protocol.Heartbeat;
import nexus.core.protocol.NodeRegistered;
import nexus.core.protocol.NodeRegistration;
import nexus.core.protocol.ObservedWorkspace;
import nexus.core.protocol.StatusReport;

/**
 * Keeps a node connected to its server: registers (again after any loss of contact), sends a complete status
 * report after each registration, heartbeats, long-polls assignments into the reconciler, and reports every
 * changed observation (coalesced; what failed to send is sent again). Errors back off 1 s, 2 s, … 30 s; a
 * rejected node token (401: unknown, revoked when an admin removed the node, or expired) stops the link with
 * {@link #failure()} set and one error line saying why and what to do, whichever thread heard it first.
 */
public final class ServerLink implements AutoCloseable {
    private static final Log LOG = Log.of("server");
    private static final int POLL_WAIT_SECONDS = 30;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration COALESCE = Duration.ofMillis(100);

    private final ServerClient client;
    private final Supplier<NodeRegistration> registration;
    private final Supplier<Heartbeat> heartbeat;
    private final Reconciler reconciler;
    private final Map<String, ObservedWorkspace> pending = new LinkedHashMap<>();
    private final Object lock = new Object();
    private final Object failed = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private volatile String nodeId;
    private volatile long session;
    private volatile boolean completeDue;
    private volatile int heartbeatSeconds = 10;
    private volatile String failure;

    public ServerLink(ServerClient client, Supplier<NodeRegistration> registration, Supplier<Heartbeat> heartbeat,
                      Reconciler reconciler) {
        this.client = client;
        this.registration = registration;
        this.heartbeat = heartbeat;
        this.reconciler = reconciler;
    }

    /** Queues an observation for the next status report (the reconciler's change listener). */
    public void report(ObservedWorkspace o) {
        synchronized (lock) {
            pending.put(o.workspaceId(), o);
            lock.notifyAll();
        }
    }

    /**
     * Downloads an upload a workspace of this node is made from, part by part, into {@code into}. A part that fails
     * for a passing reason (network, server restart) is asked for again a few times.
     */
    public void fetchUpload(String uploadId, Path into) throws IOException {
        try (OutputStream out = Files.newOutputStream(into)) {
            long offset = 0;
            long total = Long.MAX_VALUE;
            int failures = 0;
            while (offset < total) {
                try {
                    ServerClient.UploadPart part = client.uploadPart(nodeId, uploadId, offset);
                    out.write(part.bytes());
                    offset += part.bytes().length;
                    total = part.total();
                    if (part.bytes().length == 0 && offset < total) {
                        throw new IOException("the server sent an empty part of upload " + uploadId + " at " + offset);
                    }
                } catch (ServerException e) {
                    if (!e.retryable() || ++failures > 3 || closed) {
                        throw new IOException("could not fetch upload " + uploadId + " from the server: " + e.getMessage(), e);
                    }
                    sleep(Duration.ofSeconds(failures));
                }
            }
        }
    }

    /** Registers (retrying until the server answers) and starts the poll, heartbeat and report threads. */
    public void start() {
        register();
        threads.add(Thread.ofPlatform().daemon().name("assignments").start(this::pollLoop));
        threads.add(Thread.ofPlatform().daemon().name("heartbeat").start(this::heartbeatLoop));
        threads.add(Thread.ofPlatform().daemon().name("status").start(this::reportLoop));
    }

    public String nodeId() {
        return nodeId;
    }

    /** Why the link gave up (a rejected token), or null while it works. */
    public String failure() {
        return failure;
    }

    private synchronized void register() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            try {
                NodeRegistered r = client.register(registration.get());
                if (!r.nodeId().equals(nodeId)) {
                    LOG.info("registered as " + r.nodeId());
                }
                nodeId = r.nodeId();
                heartbeatSeconds = Math.max(1, r.heartbeatIntervalSeconds());
                session++;
                synchronized (lock) {
                    completeDue = true;
                    lock.notifyAll();
                }
                return;
            } catch (ServerException e) {
                if (!e.retryable()) {
                    fail("the server refused to register this node: " + e.getMessage());
                    return;
                }
                LOG.warn(e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
                backoff = sleepBackoff(backoff);
            }
        }
    }

    /** After a refusal that suggests the server lost the registration: register again (once per session). */
    private void recover(long seenSession, ServerException e) {
        if (e.status() == 401) {
            fail("the server no longer accepts this node's token, so the agent stops talking to it (the workspaces here "
                    + "keep running): " + e.getMessage());
        } else if (e.status() == 403 || e.status() == 404) {
            if (session == seenSession) {
                LOG.warn(e.getMessage() + "; registering again");
                register();
            }
        }
    }

    private void pollLoop() {
        long since = -1;
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            long s = session;
            try {
                Assignments a = client.assignments(nodeId, since, POLL_WAIT_SECONDS);
                reconciler.apply(a.workspaces());
                since = a.version();
                backoff = Duration.ofSeconds(1);
            } catch (ServerException e) {
                if (closed) {
                    return;
                }
                if (e.retryable()) {
                    LOG.warn(e.getMessage() + "; polling again in " + backoff.toSeconds() + " s");
                    backoff = sleepBackoff(backoff);
                    register();
                } else {
                    recover(s, e);
                    backoff = sleepBackoff(backoff);
                }
            } catch (RuntimeException e) {
                LOG.error("applying assignments failed: " + e);
                backoff = sleepBackoff(backoff);
            }
        }
    }

    private void heartbeatLoop() {
        while (!closed) {
            sleep(Duration.ofSeconds(heartbeatSeconds));
            long s = session;
            try {
                client.heartbeat(nodeId, heartbeat.get());
            } catch (ServerException e) {
                if (!closed && !e.retryable()) {
                    recover(s, e);
                } else if (!closed) {
                    LOG.warn("heartbeat: " + e.getMessage());
                }
            }
        }
    }

    private void reportLoop() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            boolean complete;
            List<ObservedWorkspace> batch;
            synchronized (lock) {
                while (!closed && pending.isEmpty() && !completeDue) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            sleep(COALESCE);
            synchronized (lock) {
                complete = completeDue;
                completeDue = false;
                batch = new ArrayList<>(pending.values());
                pending.clear();
            }
            if (complete) {
                Map<String, ObservedWorkspace> all = new LinkedHashMap<>();
                reconciler.observeAll().forEach(o -> all.put(o.workspaceId(), o));
                batch.forEach(o -> all.put(o.workspaceId(), o));
                batch = new ArrayList<>(all.values());
            }
            long s = session;
            try {
                client.status(nodeId, new StatusReport(complete, batch));
                backoff = Duration.ofSeconds(1);
            } catch (ServerException e) {
                if (closed) {
                    return;
                }
                synchronized (lock) {
                    for (ObservedWorkspace o : batch) {
                        pending.putIfAbsent(o.workspaceId(), o);
                    }
                    completeDue |= complete;
                }
                if (e.status() != 401) {
                    LOG.warn("status report: " + e.getMessage());
                }
                if (!e.retryable()) {
                    recover(s, e);
                }
                backoff = sleepBackoff(backoff);
            }
        }
    }

    /** Stops the link for good; only the first reason is logged (several threads may hear the same refusal). */
    private void fail(String why) {
        synchronized (failed) {
            if (failure != null) {
                return;
            }
            LOG.error(why);
            failure = why;
            closed = true;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private Duration sleepBackoff(Duration d) {
        sleep(d);
        Duration next = d.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops talking to the server (the node's workspaces are not touched). */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
