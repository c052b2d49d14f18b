package nexus.cli.settings;

import java.nio.file.Path;
import nexus.cli.Env;

/**
 * Where the CLI keeps its files, following the XDG base directories: settings and credentials in
 * {@code $XDG_CONFIG_HOME/nexus} (default ~/.config/nexus), a local server's data in {@code $XDG_DATA_HOME/nexus}
 * (default ~/.local/share/nexus), forwarder state and logs in {@code $XDG_STATE_HOME/nexus} (default
 * ~/.local/state/nexus). SSH files live in ~/.ssh because ssh and editors look there.
 */
public record Paths(Path home, Path configDir, Path dataDir, Path stateDir) {

    public static Paths of(Env env) {
        Path home = env.home();
        return new Paths(home,
                xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("nexus"),
                xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("nexus"),
                xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("nexus"));
    }

    private static Path xdg(Env env, String variable, Path fallback) {
        String v = env.get(variable);
        // the spec says relative values are invalid and must be ignored
        return v != null && Path.of(v).isAbsolute() ? Path.of(v) : fallback;
    }

    public Path configFile() {
        return configDir.resolve("config.json");
    }

    public Path credentialsFile() {
        return configDir.resolve("credentials.json");
    }

    public Path sshDir() {
        return home.resolve(".ssh");
    }

    /** The directory the CLI owns inside ~/.ssh: the managed ssh config and the pinned known_hosts. */
    public Path nexusSshDir() {
        return sshDir().resolve("nexus");
    }

    public Path forwardsDir() {
        return stateDir.resolve("forwards");
    }

    public Path localServerDataDir() {
        return dataDir.resolve("server");
    }

    public Path localServerLog() {
        return stateDir.resolve("server.log");
    }
}
