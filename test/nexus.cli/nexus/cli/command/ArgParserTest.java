package nexus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nexus.cli.CliException;
import nexus.cli.ExitCode;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private final ArgParser parser = new ArgParser(CommandTree.root());

    @Test
    void walksTheTreeAndTakesOptionsAnywhere() {
        Invocation inv = parser.parse(List.of("--json", "ws", "create", "octo/shop", "--name", "shop", "--branch=dev", "-q"));
        assertEquals("nexus workspace create", inv.commandLine());
        assertEquals("octo/shop", inv.arg("repo"));
        assertEquals("shop", inv.value("name"));
        assertEquals("dev", inv.value("branch"));
        assertTrue(inv.flag("json"));
        assertTrue(inv.flag("quiet"));
        assertFalse(inv.flag("no-fork"));
    }

    @Test
    void aliasesNameTheSameCommand() {
        assertEquals("nexus up", parser.parse(List.of("setup-from-repo", "x/y")).commandLine());
        assertEquals("nexus workspace list", parser.parse(List.of("workspace", "list")).commandLine());
    }

    @Test
    void passThroughTakesEverythingAfterDoubleDash() {
        Invocation inv = parser.parse(List.of("ws", "exec", "shop", "--", "ls", "-la", "--json"));
        assertEquals("shop", inv.arg("workspace"));
        assertEquals(List.of("ls", "-la", "--json"), inv.rest());
        assertFalse(inv.flag("json"));
    }

    @Test
    void mistakesAreUsageErrorsThatNameTheHelp() {
        CliException unknown = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "lst")));
        assertEquals(ExitCode.USAGE, unknown.exit());
        assertTrue(unknown.getMessage().contains("did you mean \"list\""), unknown.getMessage());
        assertEquals("nexus workspace --help", unknown.next());

        CliException option = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "create", "a/b", "--nmae", "x")));
        assertTrue(option.getMessage().contains("did you mean --name"), option.getMessage());
        assertEquals("nexus workspace create --help", option.next());

        CliException missing = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "status")));
        assertTrue(missing.getMessage().contains("missing <workspace>"), missing.getMessage());

        CliException extra = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "status", "a", "b")));
        assertTrue(extra.getMessage().contains("unexpected argument \"b\""), extra.getMessage());

        CliException noValue = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "create", "a/b", "--name")));
        assertTrue(noValue.getMessage().contains("--name needs a value"), noValue.getMessage());

        CliException choice = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "connect", "a", "--editor", "emacs")));
        assertTrue(choice.getMessage().contains("one of cursor, code, zed, vim, none"), choice.getMessage());

        CliException flagValue = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "list", "--json=yes")));
        assertTrue(flagValue.getMessage().contains("takes no value"), flagValue.getMessage());

        CliException exec = assertThrows(CliException.class, () -> parser.parse(List.of("ws", "exec", "shop", "ls")));
        assertTrue(exec.getMessage().contains("after \"--\""), exec.getMessage());
    }

    @Test
    void helpIsFoundForTheDeepestCommand() {
        assertEquals("nexus workspace delete", HelpText.commandName(parser.helpRequest(List.of("ws", "delete", "-h")).orElseThrow()));
        assertTrue(parser.helpRequest(List.of("ws", "exec", "x", "--", "--help")).isEmpty(), "--help after -- belongs to the remote command");
    }
}
