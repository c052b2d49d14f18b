package nexus.cli.node;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;

/**
 * An SSH session (JSch) to a machine being made a node: strict host key checking against the user's own
 * known_hosts, public key login, and commands whose every argument is quoted for the remote shell.
 */
public final class RemoteShell implements AutoCloseable {
    /** Exit code and output of a remote command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final Session session;
    private final String target;

    private RemoteShell(Session session, String target) {
        this.session = session;
        this.target = target;
    }

    public static RemoteShell connect(String user, String host, int port, Path identity, Path knownHosts) {
        String target = user + "@" + host + (port == 22 ? "" : ":" + port);
        try {
            JSch jsch = new JSch();
            if (!Files.exists(knownHosts)) {
                throw unknownHost(user, host, port, target);
            }
            jsch.setKnownHosts(knownHosts.toString());
            jsch.addIdentity(identity.toString());
            Session s = jsch.getSession(user, host, port);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.connect(20_000);
            return new RemoteShell(s, target);
        } catch (JSchException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("UnknownHostKey") || m.contains("reject HostKey")) {
                throw unknownHost(user, host, port, target);
            }
            if (m.contains("HostKey has been changed")) {
                throw new CliException(ExitCode.AUTH, "host_key_changed", "the host key of " + host + " differs from the one in "
                        + knownHosts + ": refusing to connect", "if the machine was reinstalled, remove the old key with `ssh-keygen -R "
                        + host + "` and connect once with ssh to check the new one");
            }
            if (m.contains("Auth fail") || m.contains("Auth cancel")) {
                throw new CliException(ExitCode.AUTH, "ssh_auth_failed", target + " refused the key " + identity,
                        "add your public key to ~" + user + "/.ssh/authorized_keys there, or pass another with --identity");
            }
            throw new CliException(ExitCode.UNREACHABLE, "ssh_unreachable", "cannot connect to " + target + ": " + m,
                    "check the address and port (`ssh -p " + port + " " + user + "@" + host + "` should work)");
        }
    }

    private static CliException unknownHost(String user, String host, int port, String target) {
        return new CliException(ExitCode.AUTH, "unknown_host_key", "the host key of " + target + " is not in your known_hosts",
                "connect once with `ssh -p " + port + " " + user + "@" + host + "`, check and accept its key, then run this again");
    }

    /** Runs a command line (build it with {@link #quote}) with optional input. */
    public Result run(String commandLine, InputStream input) {
        try {
            ChannelExec ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(commandLine);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setOutputStream(out);
            ch.setErrStream(err);
            OutputStream stdin = ch.getOutputStream();
            ch.connect(20_000);
            if (input != null) {
                input.transferTo(stdin);
            }
            stdin.close();
            while (!ch.isClosed()) {
                Thread.sleep(50);
            }
            int code = ch.getExitStatus();
            ch.disconnect();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (JSchException | IOException e) {
            throw new CliException(ExitCode.UNREACHABLE, "ssh_failed", "running a command on " + target + " failed: " + e.getMessage(),
                    "check the connection and run again (it resumes)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "interrupted", "interrupted", null);
        }
    }

    public Result check(String what, String commandLine, InputStream input) {
        Result r = run(commandLine, input);
        if (r.exitCode() != 0) {
            throw CliException.error("remote_failed", what + " failed on " + target + " (exit " + r.exitCode() + "): "
                    + nexus.core.util.Text.lastLines(r.stderr().isBlank() ? r.stdout() : r.stderr(), 3), "fix that on the node and run again");
        }
        return r;
    }

    /** A command line of quoted words; a word starting with "~/" keeps its tilde unquoted so the remote shell expands it. */
    public static String quote(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            if (w.startsWith("~/")) {
                b.append("~/").append(single(w.substring(2)));
            } else {
                b.append(single(w));
            }
        }
        return b.toString();
    }

    private static String single(String w) {
        return w.matches("[A-Za-z0-9_./:=@%+,-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
