package nexus.cli.command;

import java.util.ArrayList;
import java.util.List;
import nexus.cli.CliException;
import nexus.cli.Env;
import nexus.cli.ExitCode;
import nexus.cli.Programs;
import nexus.cli.api.ServerClient;
import nexus.cli.api.ServerUrl;
import nexus.cli.github.GitHubCli;
import nexus.cli.output.Output;
import nexus.cli.settings.Credentials;
import nexus.cli.settings.Paths;
import nexus.cli.settings.Settings;
import nexus.cli.settings.SettingsStore;
import nexus.cli.ssh.SshConfigFiles;
import nexus.cli.ssh.SshKeys;

/**
 * What a command works with: the environment, output, settings and the clients built from them (server API,
 * gh, SSH files). Built once per run; closing it closes the HTTP clients.
 */
public final class Context implements AutoCloseable {
    private final Env env;
    private final Output out;
    private final Programs programs;
    private final String serverOption;
    private final List<ServerClient> clients = new ArrayList<>();
    private Paths paths;
    private SettingsStore store;

    public Context(Env env, Output out, String serverOption) {
        this.env = env;
        this.out = out;
        this.programs = new Programs(env);
        this.serverOption = serverOption;
    }

    public Env env() {
        return env;
    }

    public Output out() {
        return out;
    }

    public Programs programs() {
        return programs;
    }

    public Paths paths() {
        if (paths == null) {
            paths = Paths.of(env);
        }
        return paths;
    }

    public SettingsStore store() {
        if (store == null) {
            store = new SettingsStore(paths());
        }
        return store;
    }

    public Settings settings() {
        return store().settings();
    }

    public GitHubCli gh() {
        return new GitHubCli(programs);
    }

    public SshKeys sshKeys() {
        return new SshKeys(programs, paths().sshDir());
    }

    public SshConfigFiles sshConfig() {
        return new SshConfigFiles(paths().sshDir(), paths().nexusSshDir());
    }

    /** The server to talk to: --server, then NEXUS_SERVER, then config.json; null when none is set. */
    public String serverUrl() {
        String s = serverOption != null ? serverOption : env.get("NEXUS_SERVER");
        if (s != null) {
            return ServerUrl.normalize(s);
        }
        return settings().server();
    }

    /** True when the server was named on this command line or in NEXUS_SERVER (not from config.json). */
    public boolean serverFromEnvironment() {
        return serverOption != null || env.get("NEXUS_SERVER") != null;
    }

    public String requireServer() {
        String s = serverUrl();
        if (s == null) {
            throw new CliException(ExitCode.ERROR, "no_server", "no Nexus server is configured",
                    "run `nexus up <repo>` (starts a local server when none is configured), `nexus server --local`, "
                            + "or `nexus server HOST` to use an existing one");
        }
        return s;
    }

    /** The API token for the server: NEXUS_TOKEN, else the one saved when registering; null when neither. */
    public String token(String serverUrl) {
        String t = env.get("NEXUS_TOKEN");
        if (t != null) {
            return t;
        }
        Credentials.Credential c = store().credentials().forServer(serverUrl);
        return c == null ? null : c.token();
    }

    /** A client for the configured server with the user's token (may be null: see {@link #requireLogin}). */
    public ServerClient api() {
        String url = requireServer();
        return client(url, token(url));
    }

    /** Like {@link #api()}, but fails with the login step when there is no token. */
    public ServerClient authedApi() {
        String url = requireServer();
        String token = token(url);
        if (token == null) {
            throw requireLogin(url);
        }
        return client(url, token);
    }

    public ServerClient client(String url, String token) {
        ServerClient c = new ServerClient(url, token, unreachableHint(url));
        clients.add(c);
        return c;
    }

    public static CliException requireLogin(String url) {
        return new CliException(ExitCode.AUTH, "not_logged_in", "you are not registered with the Nexus server at " + url,
                "run `nexus auth github` (or `nexus up <repo>`, which does it for you), or set NEXUS_TOKEN");
    }

    private String unreachableHint(String url) {
        Settings s = settings();
        if (s.localServer() != null && s.localServer().url().equals(url)) {
            return "start the local server again with `nexus server --local` (its log: " + s.localServer().logFile() + ")";
        }
        return "check that the server runs and the address is right (`nexus server` shows it, `nexus server HOST` changes it); "
                + "`nexus doctor` checks the whole setup";
    }

    @Override
    public void close() {
        clients.forEach(ServerClient::close);
        clients.clear();
    }
}
