package nexus.cli;

import java.nio.file.Path;
import nexus.testkit.github.FakeGitHub;

/**
 * A fake GitHub and a real server that checks GitHub identities against it: what most CLI tests talk to.
 * Start one per test class ({@code @BeforeAll}) and close it after ({@code @AfterAll}).
 */
public record GitHubAndServer(FakeGitHub github, ServerProcess server) implements AutoCloseable {

    /** Without a local node: workspaces cannot be scheduled (the server answers no_node_available). */
    public static GitHubAndServer start(Path dataDir) {
        FakeGitHub github = FakeGitHub.start();
        try {
            return new GitHubAndServer(github, ServerProcess.start(dataDir, github.apiUrl(), false));
        } catch (RuntimeException e) {
            github.close();
            throw e;
        }
    }

    /** A CLI whose PATH has the fake gh and whose server is this one. */
    public CliRun cli(Path root) {
        CliRun cli = new CliRun(root);
        github.installGh(cli.bin());
        cli.run("server", server.url());
        return cli;
    }

    @Override
    public void close() {
        server.close();
        github.close();
    }
}
