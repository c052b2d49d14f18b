package nexus.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nexus.core.api.Repository;
import nexus.core.id.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepoRefTest {
    private static final Path BASE = Path.of("/home/dev/code");

    /** input | kind | host | owner | name | clone URL | workspace name */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            octo/shop                                      | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            octo/shop.git                                  | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            Octo-Org/My.App_2                              | GITHUB | github.com      | Octo-Org  | My.App_2 | https://github.com/Octo-Org/My.App_2.git          | my-app-2
            '  octo/shop  '                                | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            https://github.com/octo/shop                   | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            https://github.com/octo/shop.git               | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            https://github.com/octo/shop/                  | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            HTTPS://GitHub.com/octo/shop                   | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            https://www.github.com/octo/shop               | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            git@github.com:octo/shop.git                   | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            git@github.com:octo/shop                       | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            ssh://git@github.com/octo/shop.git             | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            ssh://git@github.com:22/octo/shop              | GITHUB | github.com      | octo      | shop     | https://github.com/octo/shop.git                  | shop
            https://gitlab.com/group/sub/repo.git          | REMOTE | gitlab.com      | group/sub | repo     | https://gitlab.com/group/sub/repo.git             | repo
            https://gitlab.com/group/sub/repo              | REMOTE | gitlab.com      | group/sub | repo     | https://gitlab.com/group/sub/repo                 | repo
            git@gitlab.com:group/sub/repo.git              | REMOTE | gitlab.com      | group/sub | repo     | git@gitlab.com:group/sub/repo.git                 | repo
            ssh://git@git.example.com:2222/team/app.git    | REMOTE | git.example.com | team      | app      | ssh://git@git.example.com:2222/team/app.git       | app
            https://codeberg.org/forgejo/forgejo           | REMOTE | codeberg.org    | forgejo   | forgejo  | https://codeberg.org/forgejo/forgejo              | forgejo
            https://git.sr.ht/~sircmpwn/hare               | REMOTE | git.sr.ht       | ~sircmpwn | hare     | https://git.sr.ht/~sircmpwn/hare                  | hare
            https://git.example.com/solo.git               | REMOTE | git.example.com | -         | solo     | https://git.example.com/solo.git                  | solo
            https://Git.Example.com:8443/a/b/               | REMOTE | git.example.com | a         | b        | https://git.example.com:8443/a/b                  | b
            deploy@git.internal.net:/srv/git/app.git       | REMOTE | git.internal.net| srv/git   | app      | deploy@git.internal.net:/srv/git/app.git          | app
            file:///srv/repos/app.git                      | LOCAL  | -               | -         | app      | /srv/repos/app.git                                | app
            /home/dev/My Project                           | LOCAL  | -               | -         | My Project | /home/dev/My Project                            | my-project
            /home/dev/code/../shop/                        | LOCAL  | -               | -         | shop     | /home/dev/shop                                    | shop
            ./api                                          | LOCAL  | -               | -         | api      | /home/dev/code/api                                | api
            api                                            | LOCAL  | -               | -         | api      | /home/dev/code/api                                | api
            services/api/                                  | LOCAL  | -               | -         | api      | /home/dev/code/services/api                       | api
            ./octo/shop                                    | LOCAL  | -               | -         | shop     | /home/dev/code/octo/shop                          | shop
            ../other                                       | LOCAL  | -               | -         | other    | /home/dev/other                                   | other
            .                                              | LOCAL  | -               | -         | code     | /home/dev/code                                    | code
            """)
    void acceptedForms(String input, RepoRef.Kind kind, String host, String owner, String name, String cloneUrl,
                       String workspaceName) {
        RepoRef ref = RepoRef.parse(input, BASE);
        assertEquals(kind, ref.kind());
        assertEquals(host == null ? null : host.strip(), ref.host());
        assertEquals(owner, ref.owner());
        assertEquals(name, ref.name());
        assertEquals(cloneUrl, ref.cloneUrl());
        assertEquals(workspaceName, ref.suggestedWorkspaceName());
        assertTrue(Names.isValid(ref.suggestedWorkspaceName()));
        assertEquals(kind == RepoRef.Kind.LOCAL, ref.localPath() != null);
    }

    /** input | what the message must say */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ext::sh -c touch% /tmp/pwned                 | uses a git remote helper
            fd::3                                        | uses a git remote helper
            transport::somewhere                         | uses a git remote helper
            -oProxyCommand=touch /tmp/pwned              | starts with '-', which git would read as an option
            --upload-pack=touch /tmp/x                   | starts with '-'
            http://example.com/o/r.git                   | uses plain http
            git://example.com/o/r.git                    | only https://, ssh:// and file:// URLs are accepted
            ftp://example.com/o/r.git                    | only https://, ssh:// and file:// URLs are accepted
            git+ssh://example.com/o/r.git                | only https://, ssh:// and file:// URLs are accepted
            file://otherhost/srv/r                       | a file URL must be local
            https://github.com/octo/shop/tree/main       | a link inside one; use https://github.com/octo/shop
            https://github.com/octo                      | GitHub repositories are github.com/owner/repo
            https://github.com/../etc/passwd             | an empty, '.' or '..' path segment
            https://gitlab.com/group/../repo             | an empty, '.' or '..' path segment
            https://gitlab.com/group//repo               | an empty, '.' or '..' path segment
            https://gitlab.com/group/-repo               | a path segment starting with '-'
            https://gitlab.com/gr%20oup/repo             | characters git hosts do not use
            https://gitlab.com/group/repo?ref=main       | has a query or fragment
            https://gitlab.com/group/repo#readme         | has a query or fragment
            https://gitlab.com                           | names a host but no repository
            https://gitlab.com/.git                      | does not end in a repository name
            https://-evil.com/o/r                        | invalid host name
            https://exa_mple.com/o/r                     | invalid host name
            https://example.com:99999/o/r                | invalid port
            https://example.com:x/o/r                    | invalid port
            ssh://-oProxyCommand=x@host/o/r              | invalid user name
            octo/..                                      | is not a GitHub repository name
            octo/-shop                                   | is not a GitHub repository name
            oc_to/shop                                   | is not a GitHub owner
            -octo/shop                                   | starts with '-'
            octo--x/shop                                 | is not a GitHub owner
            octo/sh op                                   | contains whitespace
            https://github.com/octo/sh op                | contains whitespace
            ~/code/shop                                  | '~' is not expanded here
            /                                            | is the root directory
            /srv/-rf/repo                                | a path component starting with '-'
            /srv/repo\twith-tab                          | control characters
            """)
    void refusedForms(String input, String expected) {
        RepoRefException e = assertThrows(RepoRefException.class,
                () -> RepoRef.parse(input.replace("\\t", "\t"), BASE));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith(RepoRefParser.EXAMPLES), "shows accepted forms: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ghp_SECRETTOKEN123@github.com/octo/shop",
            "https://user:ghp_SECRETTOKEN123@github.com/octo/shop.git",
            "https://oauth2:ghp_SECRETTOKEN123@gitlab.com/group/repo.git",
            "ssh://git:ghp_SECRETTOKEN123@example.com/o/r.git",
            "git:ghp_SECRETTOKEN123@github.com:octo/shop.git",
            "http://ghp_SECRETTOKEN123@example.com/o/r.git"})
    void credentialsInUrlsAreRefusedWithoutEchoingThem(String input) {
        RepoRefException e = assertThrows(RepoRefException.class, () -> RepoRef.parse(input));
        assertTrue(e.getMessage().contains("never put passwords or tokens in URLs"), e.getMessage());
        assertFalse(e.getMessage().contains("SECRETTOKEN"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void blankIsRefused(String input) {
        assertTrue(assertThrows(RepoRefException.class, () -> RepoRef.parse(input)).getMessage()
                .startsWith("no repository given"));
    }

    @Test
    void nullIsRefused() {
        assertThrows(RepoRefException.class, () -> RepoRef.parse(null));
    }

    @Test
    void controlCharactersAreRefusedAndNotEchoedRaw() {
        RepoRefException e = assertThrows(RepoRefException.class, () -> RepoRef.parse("octo/shop\u001b[2J"));
        assertTrue(e.getMessage().contains("octo/shop\\u001b[2J"), e.getMessage());
    }

    @Test
    void relativePathsNeedABaseDirectory() {
        RepoRefException e = assertThrows(RepoRefException.class, () -> RepoRef.parse("./app"));
        assertTrue(e.getMessage().contains("is a relative path; give an absolute path or a URL"), e.getMessage());
        assertThrows(RepoRefException.class, () -> RepoRef.parse("app", Path.of("relative/base")));
    }

    @Test
    void overlongInputIsRefused() {
        assertThrows(RepoRefException.class, () -> RepoRef.parse("octo/" + "a".repeat(1000)));
    }

    @Test
    void shorthandWithoutBaseIsStillGitHub() {
        assertEquals(RepoRef.Kind.GITHUB, RepoRef.parse("octo/shop").kind());
    }

    @Test
    void becomesTheApiRepository() {
        assertEquals(new Repository("https://github.com/octo/shop.git", "octo", "shop", "main"),
                RepoRef.parse("git@github.com:octo/shop.git").toRepository("main"));
        RepoRef local = RepoRef.parse("/srv/app");
        assertEquals(new Repository("/srv/app", null, "app", null), local.toRepository(null));
        assertNull(local.host());
    }

    @Test
    void displaysWhereItLives() {
        assertEquals("github.com/octo/shop", RepoRef.parse("octo/shop").display());
        assertEquals("gitlab.com/group/sub/repo", RepoRef.parse("https://gitlab.com/group/sub/repo.git").display());
        assertEquals("git.example.com/solo", RepoRef.parse("https://git.example.com/solo.git").display());
        assertEquals("/srv/app", RepoRef.parse("file:///srv/app").display());
    }

    @Test
    void cloneUrlsNeverStartWithADash() {
        for (String input : new String[] {"octo/shop", "git@host.example:a/b", "/srv/x", "ssh://h.example/a/b"}) {
            assertFalse(RepoRef.parse(input).cloneUrl().startsWith("-"), input);
        }
    }
}
