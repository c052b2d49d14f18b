package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nexus.cli.CliRun;
import nexus.cli.DocumentedSchemas;
import nexus.cli.ServerProcess;
import nexus.core.json.JsonObject;
import nexus.testkit.github.FakeGitHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's --json output is one document that matches its schema in docs/cli.md — for the commands that
 * need no workspace here; the workspace commands are checked in the workspace tests. Errors are checked too:
 * each is the documented error object with a next step.
 */
class JsonOutputTest {
    /** Which documented schema each command's output follows. */
    static final Map<String, Set<String>> SCHEMA_OF = Map.ofEntries(
            Map.entry("up", Set.of("up")),
            Map.entry("auth github", Set.of("auth account")), Map.entry("auth invite", Set.of("auth account")),
            Map.entry("auth status", Set.of("auth status")), Map.entry("auth logout", Set.of("auth logout")),
            Map.entry("auth tokens", Set.of("auth tokens")), Map.entry("auth revoke", Set.of("auth revoke")),
            Map.entry("ssh setup", Set.of("ssh setup")),
            Map.entry("workspace create", Set.of("summary")), Map.entry("workspace list", Set.of("workspace list")),
            Map.entry("workspace status", Set.of("workspace")), Map.entry("workspace services", Set.of("services")),
            Map.entry("workspace connect", Set.of("connect")), Map.entry("workspace ssh", Set.of("exec")),
            Map.entry("workspace exec", Set.of("exec")), Map.entry("workspace logs", Set.of("logs")),
            Map.entry("workspace forward", Set.of("forward", "forward stop")),
            Map.entry("workspace stop", Set.of("workspace")), Map.entry("workspace start", Set.of("workspace")),
            Map.entry("workspace restart", Set.of("workspace")), Map.entry("workspace delete", Set.of("delete")),
            Map.entry("server", Set.of("server")), Map.entry("node list", Set.of("node list")), Map.entry("node add", Set.of("node")),
            Map.entry("quota show", Set.of("quota")), Map.entry("quota set", Set.of("quota")),
            Map.entry("node remove", Set.of("node remove")),
            Map.entry("doctor", Set.of("doctor")), Map.entry("config get", Set.of("config", "config value")),
            Map.entry("config set", Set.of("config value")), Map.entry("config unset", Set.of("config value")),
            Map.entry("config init", Set.of("config init")), Map.entry("config validate", Set.of("config validate")),
            Map.entry("completion", Set.of("completion")), Map.entry("version", Set.of("version")), Map.entry("help", Set.of("help")));

    @TempDir
    Path tmp;

    @Test
    void everyCommandHasADocumentedSchemaAndEverySchemaIsUsed() {
        Set<String> commands = HelpAndCompletionTest.allCommands(CommandTree.root(), List.of()).stream()
                .filter(p -> !p.isEmpty())
                .filter(p -> !new ArgParser(CommandTree.root()).resolve(p).getLast().isGroup())
                .map(p -> String.join(" ", p)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(commands, new TreeSet<>(SCHEMA_OF.keySet()), "a command without a documented --json schema");
        Set<String> used = new TreeSet<>();
        SCHEMA_OF.values().forEach(used::addAll);
        used.addAll(Set.of("error", "workspace", "service", "steps"));
        assertEquals(new TreeSet<>(DocumentedSchemas.all().keySet()), used, "docs/cli.md has a schema no command uses");
    }

    private static JsonObject ok(CliRun.Result r, String schema) {
        assertEquals(0, r.exit(), r.toString());
        DocumentedSchemas.check(schema, r.json());
        return r.jsonObject();
    }

    private static JsonObject failure(CliRun.Result r, int exit) {
        assertEquals(exit, r.exit(), r.toString());
        assertTrue(r.stderr().isEmpty() || !r.stderr().contains("error:"), "with --json the error goes to stdout only: " + r);
        DocumentedSchemas.check("error", r.json());
        JsonObject e = r.jsonObject();
        assertEquals(exit, e.intValue("exit_code"));
        assertTrue(e.has("next"), "every error names the next step: " + r.stdout());
        return e;
    }

    @Test
    void commandsThatNeedNoServer() throws Exception {
        CliRun cli = new CliRun(tmp);
        ok(cli.run("version", "--json"), "version");
        ok(cli.run("--version", "--json"), "version");
        ok(cli.run("ws", "create", "--help", "--json"), "help");
        ok(cli.run("help", "ws", "--json"), "help");
        ok(cli.run("completion", "fish", "--json"), "completion");
        ok(cli.run("config", "get", "--json"), "config");
        ok(cli.run("config", "set", "editor", "code", "--json"), "config value");
        assertEquals("code", ok(cli.run("config", "get", "editor", "--json"), "config value").string("value"));
        ok(cli.run("config", "unset", "editor", "--json"), "config value");
        assertEquals(4, cli.run("config", "get", "editor", "--json").exit(), "an unset key exits 4");

        Path project = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(project.resolve("package.json"), "{\"name\": \"web\", \"scripts\": {\"dev\": \"vite\"}}");
        JsonObject init = ok(cli.run("config", "init", project.toString(), "--json"), "config init");
        assertTrue(Files.isRegularFile(project.resolve(".nexus/config.yaml")), init.toString());
        assertEquals("file", ok(cli.run("config", "validate", project.toString(), "--json"), "config validate").string("origin"));
        failure(cli.run("config", "init", project.toString(), "--json"), 5);
        Files.writeString(project.resolve(".nexus/config.yaml"), "version: 1\nservices:\n  web:\n    comand: x\n");
        JsonObject invalid = failure(cli.run("config", "validate", project.toString(), "--json"), 1);
        assertTrue(invalid.string("message").contains(":4:"), "problems carry their line: " + invalid);

        JsonObject none = ok(cli.run("server", "--json"), "server");
        assertEquals("none", none.string("source"));
        JsonObject doctor = cli.run("doctor", "--json").jsonObject();
        DocumentedSchemas.check("doctor", doctor);
        assertTrue(doctor.objects("checks", c -> c).stream().anyMatch(c -> c.string("name").equals("server")
                && c.string("status").equals("fail") && c.has("fix")));
        DocumentedSchemas.check("auth status", cli.run("auth", "status", "--json").json());

        failure(cli.run("ws", "list", "--json"), 1);
        failure(cli.run("ws", "bogus", "--json"), 2);
        failure(cli.run("ws", "status", "--json"), 2);
        failure(cli.run("ws", "delete", "Not A Name!", "--json"), 2);
        failure(cli.run("up", "-rf/", "--json"), 2);
        failure(cli.run("server", "ftp://x", "--json"), 2);
        failure(cli.run("config", "set", "editor", "emacs", "--json"), 2);
        failure(cli.run("config", "set", "key_path", "/nonexistent/key", "--json"), 1);
    }

    @Test
    void commandsAgainstAServer() {
        try (FakeGitHub github = FakeGitHub.start();
             ServerProcess server = ServerProcess.start(tmp.resolve("server"), github.apiUrl(), false)) {
            github.state().addUser("jsonuser", null);
            github.state().approveDeviceLoginAs("jsonuser");
            CliRun cli = new CliRun(tmp.resolve("client"));
            github.installGh(cli.bin());
            ok(cli.run("server", server.url(), "--json"), "server");
            ok(cli.run("auth", "github", "--json"), "auth account");
            ok(cli.run("auth", "status", "--json"), "auth status");
            ok(cli.run("ssh", "setup", "--json"), "ssh setup");
            CliRun.Result doctorRun = cli.run("doctor", "--json");
            JsonObject doctor = doctorRun.jsonObject();
            DocumentedSchemas.check("doctor", doctor);
            assertEquals(1, doctorRun.exit(), "a server without an online node is a failure: " + doctorRun.stdout());
            assertFalse(doctor.bool("ok"));
            assertTrue(doctor.objects("checks", c -> c).stream().anyMatch(c -> c.string("name").equals("nodes")
                    && c.string("status").equals("fail")), doctor.toString());
            assertFalse(cli.run("doctor").stdout().contains("Everything needed works"));
            failure(cli.run("node", "list", "--json"), 3);
            cli.env("NEXUS_ADMIN_TOKEN", server.adminToken());
            ok(cli.run("node", "list", "--json"), "node list");
            try (var admin = new nexus.cli.api.ServerClient(server.url(), server.adminToken(), "")) {
                admin.nodeToken("json-node");
            }
            ok(cli.run("node", "remove", "json-node", "--json"), "node remove");
            failure(cli.run("node", "remove", "json-node", "--json"), 4);
            cli.env("NEXUS_ADMIN_TOKEN", null);
            JsonObject tokens = ok(cli.run("auth", "tokens", "--json"), "auth tokens");
            failure(cli.run("auth", "revoke", "tok-unknown", "--json"), 4);
            ok(cli.run("auth", "revoke", tokens.array("tokens").objects(t -> t.string("token_id")).getFirst(), "--json"), "auth revoke");
            ok(cli.run("auth", "logout", "--json"), "auth logout");
            JsonObject status = cli.run("auth", "status", "--json").jsonObject();
            DocumentedSchemas.check("auth status", status);
            failure(cli.run("ws", "list", "--json"), 3);
        }
    }
}
