/** The {@code nexus} command: GitHub via gh, SSH keys and config, workspaces, port forwards, editors. */
module nexus.cli {
    requires nexus.core;
    requires java.net.http;
    requires com.jcraft.jsch;
}
