package nexus.agent.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.core.repo.HostPathPolicy;
import nexus.core.util.ProcessRunner;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent (root) reads a repository path on its node only inside the directories its operator allowed, judged
 * by the real path: no way around it through links, "..", /proc/self/root, a .git file or object alternates, and
 * never into the agent's own state. Each case here was a way to copy the node's files into a workspace.
 */
@SystemTest(HostRequirement.GIT)
class HostPathBoundaryTest {
    @TempDir
    Path tmp;
    Path allowed;
    Path secret;
    HostPathPolicy policy;

    @BeforeEach
    void layout() throws Exception {
        tmp = tmp.toRealPath();
        allowed = Files.createDirectory(tmp.resolve("repos"));
        secret = Files.createDirectory(tmp.resolve("secret"));
        Files.writeString(secret.resolve("admin.token"), "nxa_secret");
        git(secret, "init", "-q");
        policy = HostPathPolicy.allowing(List.of(allowed));
    }

    private static void git(Path dir, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        ProcessRunner.of(argv).check();
    }

    private String refusal(String url) {
        return assertThrows(CloneException.class, () -> RepoSource.of(url, policy), url).getMessage();
    }

    @Test
    void withoutAnAllowListNoPathIsRead() {
        String m = assertThrows(CloneException.class, () -> RepoSource.of(secret.toString(), HostPathPolicy.NONE)).getMessage();
        assertTrue(m.contains("--allow-local-repos"), m);
        assertThrows(CloneException.class, () -> RepoSource.of("file://" + secret, HostPathPolicy.NONE));
        assertThrows(CloneException.class, () -> RepoSource.of("/", HostPathPolicy.NONE));
    }

    @Test
    void pathsOutsideTheAllowedDirectoriesAreRefusedHoweverTheyAreSpelled() throws Exception {
        assertTrue(refusal(secret.toString()).contains("outside the directories"));
        assertTrue(refusal("file://" + secret).contains("outside the directories"));
        assertTrue(refusal(allowed + "/../secret").contains("outside the directories"));
        assertTrue(refusal("/proc/self/root" + secret).contains("outside the directories"));
        assertTrue(refusal("/etc").contains("outside the directories"));
    }

    @Test
    void aLinkOutOfAnAllowedDirectoryIsRefused() throws Exception {
        Files.createSymbolicLink(allowed.resolve("innocent"), secret);
        String m = refusal(allowed.resolve("innocent").toString());
        assertTrue(m.contains("leads to " + secret), m);
        Files.createSymbolicLink(allowed.resolve("root"), Path.of("/"));
        assertTrue(refusal(allowed.resolve("root") + "/etc").contains("leads to"));
    }

    @Test
    void aRepositoryWhoseGitDirectoryOrObjectsLieElsewhereIsRefused() throws Exception {
        Path gitfile = Files.createDirectory(allowed.resolve("gitfile"));
        Files.writeString(gitfile.resolve(".git"), "gitdir: " + secret.resolve(".git") + "\n");
        assertTrue(refusal(gitfile.toString()).contains("leads to " + secret.resolve(".git")));

        Path borrowed = Files.createDirectory(allowed.resolve("borrowed"));
        git(borrowed, "init", "-q");
        Files.writeString(borrowed.resolve(".git/objects/info/alternates"), secret.resolve(".git/objects") + "\n");
        assertTrue(refusal(borrowed.toString()).contains("leads to " + secret.resolve(".git/objects")));

        Path fine = Files.createDirectory(allowed.resolve("fine"));
        git(fine, "init", "-q");
        assertEquals(new RepoSource.LocalRepository(fine), RepoSource.of(fine.toString(), policy));
    }

    @Test
    void theAgentsOwnStateIsNeverReadEvenInsideAnAllowedDirectory() throws Exception {
        Path state = Files.createDirectory(allowed.resolve("agent-state"));
        HostPathPolicy protecting = policy.protecting(List.of(state));
        String m = assertThrows(CloneException.class, () -> RepoSource.of(state.toString(), protecting)).getMessage();
        assertTrue(m.contains("keeps private"), m);
        Files.createSymbolicLink(allowed.resolve("sneaky"), state);
        m = assertThrows(CloneException.class, () -> RepoSource.of(allowed.resolve("sneaky").toString(), protecting)).getMessage();
        assertTrue(m.contains("keeps private"), m);
    }
}
