package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import nexus.cli.CliRun;
import nexus.cli.Leftovers;
import nexus.cli.ServerProcess;
import nexus.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server nexus starts itself (NEXUS_SERVER_COMMAND runs the real server from build/classes): started
 * in the background with its data under XDG_DATA_HOME, recorded and reused, a no-GitHub account made with an
 * invite from its admin token, restarted when it died, stopped on request.
 */
class LocalServerTest {
    @TempDir
    Path tmp;
    CliRun cli;

    private CliRun cli() {
        cli = new CliRun(tmp);
        cli.env("NEXUS_SERVER_COMMAND", ServerProcess.wrapper(tmp.resolve("server-bin"), List.of("--no-local-node")).toString());
        cli.env("PATH", cli.bin() + ":/usr/bin:/bin"); // no gh at all
        return cli;
    }

    @AfterEach
    void stopLocalServer() {
        if (cli != null) {
            cli.run("server", "--stop");
            assertEquals(List.of(), Leftovers.stopProcessesUnder(tmp), "server --stop left processes behind");
        }
    }

    @Test
    void startsRecordsReusesAndStopsALocalServer() throws Exception {
        CliRun c = cli();
        CliRun.Result started = c.run("server", "--local", "--json");
        assertEquals(0, started.exit(), started.toString());
        JsonObject doc = started.jsonObject();
        assertTrue(doc.bool("local"));
        assertTrue(doc.bool("reachable"));
        String url = doc.string("server");
        Path data = c.home().resolve(".local/share/nexus/server");
        assertEquals(data.toString(), doc.object("local_server").string("data_dir"));
        assertTrue(Files.isRegularFile(data.resolve("admin.token")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin.token"))));
        long pid = doc.object("local_server").longValue("pid");

        CliRun.Result again = c.run("server", "--local", "--json");
        assertEquals(pid, again.jsonObject().object("local_server").longValue("pid"), "a running local server is reused");

        // no GitHub anywhere: ssh setup registers through an invite minted with the local admin token
        CliRun.Result setup = c.run("ssh", "setup", "--json");
        assertEquals(0, setup.exit(), setup.toString());
        CliRun.Result status = c.run("auth", "status", "--json");
        assertEquals("tester", status.jsonObject().object("user").string("username"));
        assertEquals("invite", status.jsonObject().object("user").string("via"));

        CliRun.Result nodes = c.run("node", "list", "--json");
        assertEquals(0, nodes.exit(), nodes.toString());
        assertEquals(0, nodes.jsonObject().array("nodes").size());

        // the server dies (a reboot): the next command that needs it starts it again, at the same address when it is
        // free; in case it is not, block it now: the saved login must follow the server to its new port
        java.net.ServerSocket squatter = new java.net.ServerSocket();
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        server.destroyForcibly();
        server.onExit().join();
        CliRun.Result down = c.run("ws", "list", "--json");
        assertEquals(6, down.exit(), down.toString());
        assertTrue(down.jsonObject().string("next").contains("nexus server --local"), down.stdout());
        squatter.bind(new java.net.InetSocketAddress("127.0.0.1", java.net.URI.create(url).getPort()));
        CliRun.Result restarted = c.run("server", "--local", "--json");
        assertEquals(0, restarted.exit(), restarted.toString());
        assertEquals(url.replaceAll(":\\d+$", ""), restarted.jsonObject().string("server").replaceAll(":\\d+$", ""));
        squatter.close();
        assertEquals(0, c.run("auth", "status").exit(), "the account survives the restart (same data directory)");

        // the token stops working (revoked here; expiry is the same): the next login gets the same account back
        String userId = c.run("auth", "status", "--json").jsonObject().object("user").string("user_id");
        assertEquals(0, c.run("auth", "logout").exit());
        CliRun.Result back = c.run("ssh", "setup", "--json");
        assertEquals(0, back.exit(), back.toString());
        assertFalse(back.stderr().contains("created the local account"), back.stderr());
        assertEquals(userId, c.run("auth", "status", "--json").jsonObject().object("user").string("user_id"),
                "signed in again to the same account (and its workspaces), not a new one");

        CliRun.Result stop = c.run("server", "--stop", "--json");
        assertEquals("stopped", stop.jsonObject().string("action"));
        assertNull(stop.jsonObject().optString("server"));
        long newPid = restarted.jsonObject().object("local_server").longValue("pid");
        // gone: exited (the JVM that started it reaps it a moment later, so wait for that rather than poll once)
        ProcessHandle.of(newPid).ifPresent(h -> assertFalse(h.onExit().completeOnTimeout(h, 10, java.util.concurrent.TimeUnit.SECONDS)
                .join().isAlive(), "the server process is gone"));
    }

    @Test
    void aMissingServerRuntimeIsExplained() {
        CliRun c = new CliRun(tmp);
        c.env("PATH", c.bin().toString());
        CliRun.Result r = c.run("server", "--local");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("NEXUS_SERVER_COMMAND") && r.stderr().contains("install.sh"), r.stderr());
    }
}
