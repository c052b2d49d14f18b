package nexus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nexus.core.Version;
import nexus.core.util.ProcessRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The nexus-agent program as a process: version, usage, and one clear line for every wrong command line. */
class MainTest {

    static ProcessRunner.Result agent(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("nexus.java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("nexus.build") + "/classes:" + System.getProperty("nexus.deps") + "/main",
                "-m", "nexus.agent/nexus.agent.Main"));
        cmd.addAll(List.of(args));
        return ProcessRunner.of(cmd).unsetEnv("NEXUS_NODE_TOKEN").timeout(Duration.ofSeconds(30)).run();
    }

    @Test
    void versionAndHelp() {
        ProcessRunner.Result v = agent("--version");
        assertEquals(0, v.exitCode());
        assertEquals("nexus-agent " + Version.current() + "\n", v.stdout());
        for (String[] help : new String[][] {{"--help"}, {"serve", "--help"}, {"image", "build", "-h"}}) {
            ProcessRunner.Result h = agent(help);
            assertEquals(0, h.exitCode(), String.join(" ", help) + ": " + h.stderr());
            assertTrue(h.stdout().contains("nexus-agent serve --server URL --token NODE_TOKEN"), h.stdout());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "frobnicate|unknown command \"frobnicate\"",
            "serve|serve needs --server URL",
            "serve --server http://127.0.0.1:1|serve needs --token NODE_TOKEN (or NEXUS_NODE_TOKEN)",
            "serve --server ftp://x --token t|--server must be an http(s) URL like https://nexus.example.com:3001, got \"ftp://x\"",
            "serve --server http://h:1 --token t --driver docker|--driver must be auto, lxc or sandbox (this agent has no \"docker\" driver)",
            "serve --server http://h:1 --token t --subnet 10.1.2.3/16|--subnet: 10.1.2.3/16 is not a network address; did you mean 10.1.0.0/16?",
            "serve --server http://h:1 --token t --ssh-ports 23000-23010|--ssh-ports 23000-23010 and --service-ports 23000-23999 overlap",
            "serve --server http://h:1 --token t --ssh-ports many|--ssh-ports: expected a port range like 2222-2299, got \"many\"",
            "serve --server http://h:1 --token t --bogus|unknown option --bogus",
            "serve --server http://h:1 --token t --allow-local-repos /srv --allow-local-repos /|--allow-local-repos / would let every user read the whole host; name the directories that hold repositories (e.g. /srv/git)",
            "serve --server|--server needs a value"})
    void wrongCommandLinesGetOneLineAndExitCode2(String line, String message) {
        ProcessRunner.Result r = agent(line.split(" "));
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals("nexus-agent: " + message + " (nexus-agent --help shows the usage)\n", r.stderr());
        assertEquals("", r.stdout());
    }
}
