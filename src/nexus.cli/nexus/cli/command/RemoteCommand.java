package nexus.cli.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Argument lists for the system {@code ssh} to a workspace, using only the Nexus-owned SSH config (so the
 * user's own ~/.ssh/config cannot change where it goes or how the host key is checked), and remote command
 * lines quoted word by word so each argument arrives exactly as given.
 */
final class RemoteCommand {
    private RemoteCommand() {}

    static List<String> ssh(Context ctx, String workspace, boolean tty, List<String> remote) {
        return sshLine(ctx, workspace, tty, String.join(" ", remote.stream().map(RemoteCommand::quote).toList()));
    }

    /** ssh with a command line for the remote shell as is (callers quote what needs quoting); "" for a shell. */
    static List<String> sshLine(Context ctx, String workspace, boolean tty, String commandLine) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", ctx.sshConfig().nexusConfig().toString()));
        if (tty) {
            cmd.add("-t");
        }
        // ssh stops parsing options at the host: "--" before it, and everything after it is the remote command
        cmd.add("--");
        cmd.add(nexus.cli.ssh.SshHost.alias(workspace));
        if (!commandLine.isEmpty()) {
            cmd.add(commandLine);
        }
        return cmd;
    }

    /** POSIX shell quoting: plain words stay readable, anything else is single-quoted. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
