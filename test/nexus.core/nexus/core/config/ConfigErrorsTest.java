package nexus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule, each with the exact message a user sees: file, line, column, key path, text. */
class ConfigErrorsTest {

    private static ConfigException fail(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "c.yaml"));
    }

    private static String svc(String body) {
        return "services:\n  web:\n" + body.indent(4);
    }

    static Stream<Arguments> singleProblems() {
        return Stream.of(
                Arguments.of("services as a list", "services: []\n",
                        "c.yaml:1:11: services: expected a mapping, got a list"),
                Arguments.of("service as a string", "services:\n  web: npm start\n",
                        "c.yaml:2:8: services.web: expected a mapping, got a string"),
                Arguments.of("root as a list", "- a\n- b\n", "c.yaml:1:1: expected a mapping, got a list"),
                Arguments.of("root as a string", "hello\n", "c.yaml:1:1: expected a mapping, got a string"),
                Arguments.of("misspelt top-level key", "servics: {}\n",
                        "c.yaml:1:1: servics: unknown key (did you mean \"services\"?)"),
                Arguments.of("unknown key without a close match", "colour: blue\n",
                        "c.yaml:1:1: colour: unknown key; valid keys here: version, name, image, resources, env, "
                                + "lifecycle, services, providers"),
                Arguments.of("misspelt service key", svc("command: x\nprot: 3000\n"),
                        "c.yaml:4:5: services.web.prot: unknown key (did you mean \"port\"?)"),
                Arguments.of("camelCase key", svc("command: x\ndependsOn: [a]\n"),
                        "c.yaml:4:5: services.web.dependsOn: unknown key (did you mean \"depends_on\"?)"),
                Arguments.of("misspelt seed spelling", svc("command: x\nenviroment: {A: b}\n"),
                        "c.yaml:4:5: services.web.enviroment: unknown key (did you mean \"environment\"?)"),
                Arguments.of("ssh port", svc("command: x\nport: 22\n"),
                        "c.yaml:4:11: services.web.port: port 22 is reserved for the workspace's SSH server; "
                                + "choose another port"),
                Arguments.of("port zero", svc("command: x\nport: 0\n"),
                        "c.yaml:4:11: services.web.port: must be between 1 and 65535, got 0"),
                Arguments.of("port too high", svc("command: x\nport: 65536\n"),
                        "c.yaml:4:11: services.web.port: must be between 1 and 65535, got 65536"),
                Arguments.of("port as text", svc("command: x\nport: http\n"),
                        "c.yaml:4:11: services.web.port: expected a whole number, got a string (\"http\")"),
                Arguments.of("port as a fraction", svc("command: x\nport: 3000.5\n"),
                        "c.yaml:4:11: services.web.port: expected a whole number, got a number (\"3000.5\")"),
                Arguments.of("port as a boolean", svc("command: x\nport: true\n"),
                        "c.yaml:4:11: services.web.port: expected a whole number, got true/false (\"true\")"),
                Arguments.of("duplicate service", "services:\n  web: {command: a}\n  web: {command: b}\n",
                        "c.yaml:3:3: services.web: duplicate key; it is already set at line 2"),
                Arguments.of("duplicate field", svc("command: a\ncommand: b\n"),
                        "c.yaml:4:5: services.web.command: duplicate key; it is already set at line 3"),
                Arguments.of("number as a service name", "services:\n  1: {command: a}\n",
                        "c.yaml:2:3: services: keys must be strings, got a number (1)"),
                Arguments.of("list as a key", "services:\n  [a, b]: {command: a}\n",
                        "c.yaml:2:3: services: keys must be strings, got a list"),
                Arguments.of("future version", "version: 2\nservices: {web: {command: x, shiny: true}}\n",
                        "c.yaml:1:10: version: unsupported config version 2; this Nexus reads version 1"),
                Arguments.of("version as a word", "version: one\n",
                        "c.yaml:1:10: version: expected a whole number, got a string (\"one\")"),
                Arguments.of("fractional version", "version: 1.5\n",
                        "c.yaml:1:10: version: expected a whole number, got a number (\"1.5\")"),
                Arguments.of("env value as a list", "env: {A: [1]}\n",
                        "c.yaml:1:10: env.A: expected a string, got a list"),
                Arguments.of("env value missing", "env:\n  A:\n",
                        "c.yaml:2:3: env.A: has no value; write A: \"\" for an empty value"),
                Arguments.of("env name with a dash", "env: {MY-VAR: x}\n",
                        "c.yaml:1:7: env.MY-VAR: \"MY-VAR\" is not a valid variable name: use letters, digits and "
                                + "'_', not starting with a digit"),
                Arguments.of("reserved env name", svc("command: x\nenv: {NEXUS_TOKEN: x}\n"),
                        "c.yaml:4:11: services.web.env.NEXUS_TOKEN: NEXUS_TOKEN is set by Nexus for every service "
                                + "(PORT is the service's port, NEXUS_SERVICE_<NAME>_URL its URL); choose another name"),
                Arguments.of("env list item without =", "env: [DEBUG]\n",
                        "c.yaml:1:7: env[0]: expected NAME=value, got \"DEBUG\""),
                Arguments.of("env list repeats a name", "env: [A=1, A=2]\n",
                        "c.yaml:1:12: env[1]: A is already set at line 1"),
                Arguments.of("env as a string", "env: A=1\n", "c.yaml:1:6: env: expected a mapping, got a string"),
                Arguments.of("unknown dependency", "services:\n  db: {command: pg}\n  api: {command: x, depends_on: [dbb]}\n",
                        "c.yaml:3:34: services.api.depends_on[0]: unknown service \"dbb\"; services here: db, api "
                                + "(did you mean \"db\"?)"),
                Arguments.of("self dependency", "services:\n  api: {command: x, depends_on: api}\n",
                        "c.yaml:2:33: services.api.depends_on: dependency cycle: api -> api; services start after "
                                + "what they depend on, so one of these must not depend on the next"),
                Arguments.of("three-service cycle", """
                                services:
                                  a: {command: x, depends_on: [b]}
                                  b: {command: x, depends_on: [c]}
                                  c: {command: x, depends_on: [a]}
                                """,
                        "c.yaml:2:32: services.a.depends_on: dependency cycle: a -> b -> c -> a; services start after "
                                + "what they depend on, so one of these must not depend on the next"),
                Arguments.of("depends_on as a mapping", svc("command: x\ndepends_on: {db: true}\n"),
                        "c.yaml:4:17: services.web.depends_on: expected a list or a string, got a mapping"),
                Arguments.of("dependency listed twice", "services:\n  db: {command: x}\n  web: {command: x, depends_on: [db, db]}\n",
                        "c.yaml:3:38: services.web.depends_on[1]: \"db\" is listed twice"),
                Arguments.of("http check without port", svc("command: x\nhealth_check: {type: http}\n"),
                        "c.yaml:4:19: services.web.health_check: an http health check needs the service's port: "
                                + "add port: <number> to the service"),
                Arguments.of("tcp check without port", svc("command: x\nhealth_check: tcp\n"),
                        "c.yaml:4:19: services.web.health_check: a tcp health check needs the service's port: "
                                + "add port: <number> to the service"),
                Arguments.of("exec check without command", svc("command: x\nhealth_check: {type: exec, command: ''}\n"),
                        "c.yaml:4:19: services.web.health_check: an exec health check needs a command, e.g. "
                                + "command: pg_isready"),
                Arguments.of("misspelt check type", svc("command: x\nport: 80\nhealth_check: {type: htp}\n"),
                        "c.yaml:5:26: services.web.health_check.type: unknown health check type \"htp\"; use one of "
                                + "http, tcp, exec, none (did you mean \"http\"?)"),
                Arguments.of("path on a tcp check", svc("command: x\nport: 80\nhealth_check: {type: tcp, path: /x}\n"),
                        "c.yaml:5:37: services.web.health_check.path: path applies only to http checks, this one is tcp"),
                Arguments.of("relative check path", svc("command: x\nport: 80\nhealth_check: {path: healthz}\n"),
                        "c.yaml:5:26: services.web.health_check.path: \"healthz\" must start with '/' and contain no "
                                + "spaces or control characters (e.g. /healthz)"),
                Arguments.of("interval longer than timeout", svc("command: x\nport: 80\nhealth_check: {timeout: 5s, interval: 10s}\n"),
                        "c.yaml:5:43: services.web.health_check.interval: interval 10s is longer than timeout 5s: "
                                + "the check could never run twice"),
                Arguments.of("timeout that is not a duration", svc("command: x\nport: 80\nhealth_check: {timeout: soon}\n"),
                        "c.yaml:5:29: services.web.health_check.timeout: \"soon\" is not a duration; write e.g. 30s, "
                                + "500ms, 2m or 1m30s (a plain number means seconds)"),
                Arguments.of("timeout over an hour", svc("command: x\nport: 80\nhealth_check: {timeout: 2h}\n"),
                        "c.yaml:5:29: services.web.health_check.timeout: timeout must be more than 0 and at most 1h"),
                Arguments.of("misspelt restart policy", svc("command: x\nrestart: alway\n"),
                        "c.yaml:4:14: services.web.restart: unknown restart policy \"alway\"; use one of always, "
                                + "on-failure, never (did you mean \"always\"?)"),
                Arguments.of("absolute workdir", svc("command: x\nworkdir: /srv/app\n"),
                        "c.yaml:4:14: services.web.workdir: workdir \"/srv/app\" must be a directory inside the "
                                + "repository, relative to it (e.g. frontend or services/api), without '..'"),
                Arguments.of("workdir climbing out", svc("command: x\nworkdir: app/../../etc\n"),
                        "c.yaml:4:14: services.web.workdir: workdir \"app/../../etc\" must be a directory inside the "
                                + "repository, relative to it (e.g. frontend or services/api), without '..'"),
                Arguments.of("workspace name with capitals", "name: MyShop\n",
                        "c.yaml:1:7: name: workspace name \"MyShop\" must use only lowercase letters, digits and '-', "
                                + "and start with a letter or digit (e.g. \"myshop\")"),
                Arguments.of("image with a space", "image: debian 12\n",
                        "c.yaml:1:8: image: \"debian 12\" is not an image reference: use letters, digits and . _ : / @ + -, "
                                + "starting with a letter or digit (e.g. debian-12 or node:20-bookworm)"),
                Arguments.of("image that looks like an option", "providers: {docker: {image: --privileged}}\n",
                        "c.yaml:1:29: providers.docker.image: \"--privileged\" is not an image reference: use letters, "
                                + "digits and . _ : / @ + -, starting with a letter or digit (e.g. debian-12 or "
                                + "node:20-bookworm)"),
                Arguments.of("misspelt driver", "providers: {dokcer: {image: x}}\n",
                        "c.yaml:1:13: providers.dokcer: unknown driver; drivers are lxc, incus, docker, sandbox "
                                + "(did you mean \"docker\"?)"),
                Arguments.of("unknown provider key", "providers: {lxc: {img: x}}\n",
                        "c.yaml:1:19: providers.lxc.img: unknown key; valid keys here: image"),
                Arguments.of("cpu as a word", "resources: {cpu: two}\n",
                        "c.yaml:1:18: resources.cpu: expected a whole number, got a string (\"two\")"),
                Arguments.of("memory in words", "resources: {memory: 4 gigs}\n",
                        "c.yaml:1:21: resources.memory: \"4 gigs\" is not a size; write e.g. 512MB, 4GB or 20GiB"),
                Arguments.of("memory without unit", "resources: {memory: 4096}\n",
                        "c.yaml:1:21: resources.memory: memory 4KiB is less than the minimum 64MiB (a number "
                                + "without a unit is bytes: write e.g. 4GB)"),
                Arguments.of("disk as a boolean", "resources: {disk: true}\n",
                        "c.yaml:1:19: resources.disk: expected a size such as 4GB, got true/false"),
                Arguments.of("lifecycle key without underscore", "lifecycle: {prestart: npm ci}\n",
                        "c.yaml:1:13: lifecycle.prestart: unknown key (did you mean \"pre_start\"?)"),
                Arguments.of("hook as a mapping", "lifecycle: {pre_start: {run: x}}\n",
                        "c.yaml:1:24: lifecycle.pre_start: expected a list or a string, got a mapping"),
                Arguments.of("env and environment together", "env: {A: 1}\nenvironment: {B: 2}\n",
                        "c.yaml:2:1: environment: \"environment\" and \"env\" (line 1) are the same setting; keep one"),
                Arguments.of("healthcheck and health_check together",
                        svc("command: x\nport: 80\nhealthcheck: tcp\nhealth_check: tcp\n"),
                        "c.yaml:6:5: services.web.health_check: \"health_check\" and \"healthcheck\" (line 5) are the "
                                + "same setting; keep one"),
                Arguments.of("names sharing a URL variable", "services:\n  my-api: {command: x}\n  my_api: {command: y}\n",
                        "c.yaml:3:3: services.my_api: services my-api and my_api would both be announced as "
                                + "NEXUS_SERVICE_MY_API_URL; rename one"),
                Arguments.of("service name with capitals", "services:\n  Web: {command: x}\n",
                        "c.yaml:2:3: services.Web: service name \"Web\" must start with a lowercase letter and use only "
                                + "a-z, 0-9, '-' and '_' (at most 63 characters) (did you mean \"web\"?)"),
                Arguments.of("service name starting with a digit", "services:\n  2web: {command: x}\n",
                        "c.yaml:2:3: services.2web: service name \"2web\" must start with a lowercase letter and use "
                                + "only a-z, 0-9, '-' and '_' (at most 63 characters) (did you mean \"web\"?)"),
                Arguments.of("missing command", "services:\n  web: {port: 3000}\n",
                        "c.yaml:2:3: services.web: service web has no command; add e.g. command: npm start"),
                Arguments.of("empty command", svc("command: '  '\n"),
                        "c.yaml:3:14: services.web.command: command is empty"),
                Arguments.of("command as a list", svc("command: [npm, start]\n"),
                        "c.yaml:3:14: services.web.command: expected a string, got a list"),
                Arguments.of("NUL in a command", svc("command: \"a\\0b\"\n"),
                        "c.yaml:3:14: services.web.command: contains a NUL character"),
                Arguments.of("binary tag", "name: !!binary aGVsbG8=\n",
                        "c.yaml:1:7: unsupported YAML tag !!binary; a config holds only strings, numbers, booleans, "
                                + "lists and mappings"),
                Arguments.of("custom tag", "services: !include services.yaml\n",
                        "c.yaml:1:11: unsupported YAML tag !include; a config holds only strings, numbers, booleans, "
                                + "lists and mappings"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleProblems")
    void eachRuleReportsExactlyOneLocatedProblem(String rule, String yaml, String expected) {
        ConfigException e = fail(yaml);
        assertEquals(expected, e.getMessage());
        assertEquals(1, e.problems().size());
        assertEquals("c.yaml", e.source());
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceInDocumentOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("every-error.yaml"));
        List<String> expected = List.of(
                "2:7 name workspace name \"My Shop\" must use only lowercase letters, digits and '-', and start with a "
                        + "letter or digit (e.g. \"my-shop\")",
                "3:8 image \"-debian\" is not an image reference: use letters, digits and . _ : / @ + -, starting with "
                        + "a letter or digit (e.g. debian-12 or node:20-bookworm)",
                "4:18 resources.cpu must be between 1 and 256, got 0",
                "4:29 resources.memory memory 4KiB is less than the minimum 64MiB (a number without a unit is bytes: "
                        + "write e.g. 4GB)",
                "4:41 resources.disk \"lots\" is not a size; write e.g. 512MB, 4GB or 20GiB",
                "6:3 env.1BAD \"1BAD\" is not a valid variable name: use letters, digits and '_', not starting with a digit",
                "7:3 env.PORT PORT is set by Nexus for every service (PORT is the service's port, "
                        + "NEXUS_SERVICE_<NAME>_URL its URL); choose another name",
                "8:3 env.EMPTY has no value; write EMPTY: \"\" for an empty value",
                "10:23 lifecycle.pre_start[1] expected a string, got a mapping",
                "11:3 lifecycle.post_stat unknown key [post_start]",
                "13:3 providers.lxd unknown driver; drivers are lxc, incus, docker, sandbox [lxc]",
                "15:3 services.api service api has no command; add e.g. command: npm start",
                "16:5 services.api.comand unknown key [command]",
                "17:11 services.api.port must be between 1 and 65535, got 70000",
                "18:25 services.api.depends_on dependency cycle: api -> web -> api; services start after what they "
                        + "depend on, so one of these must not depend on the next",
                "19:38 services.api.health_check.path \"healthz\" must start with '/' and contain no spaces or control "
                        + "characters (e.g. /healthz)",
                "19:56 services.api.health_check.timeout timeout must be more than 0 and at most 1h",
                "20:14 services.api.restart unknown restart policy \"sometimes\"; use one of always, on-failure, never",
                "23:11 services.web.port port 22 is reserved for the workspace's SSH server; choose another port",
                "25:18 services.web.healthcheck an exec health check needs a command, e.g. command: pg_isready",
                "26:14 services.web.workdir workdir \"../outside\" must be a directory inside the repository, relative "
                        + "to it (e.g. frontend or services/api), without '..'",
                "27:3 services.Worker service name \"Worker\" must start with a lowercase letter and use only a-z, 0-9, "
                        + "'-' and '_' (at most 63 characters) [worker]",
                "28:14 services.Worker.command command is empty",
                "29:11 services.Worker.env[0] expected NAME=value, got \"JUST_A_NAME\"",
                "33:40 services.db.health_check.command command applies only to exec checks, this one is tcp",
                "36:11 services.cache.port port 5432 is already used by service db; each service needs its own port",
                "38:5 services.cache.env \"env\" and \"environment\" (line 37) are the same setting; keep one");
        List<String> actual = e.problems().stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + " "
                + p.message() + (p.suggestion() == null ? "" : " [" + p.suggestion() + "]")).toList();
        assertEquals(expected, actual);
        assertEquals(expected.size(), e.getMessage().lines().count());
        assertTrue(e.getMessage().lines().allMatch(l -> l.startsWith("every-error.yaml:")), e.getMessage());
        assertEquals(0, e.omitted());
    }

    @Test
    void syntaxErrorsPointAtTheirPosition() {
        ConfigException e = fail("services:\n  web: {command: a\n");
        assertEquals(1, e.problems().size());
        ConfigProblem p = e.problems().getFirst();
        assertEquals(3, p.line());
        assertTrue(p.message().startsWith("YAML syntax error: "), p.message());
    }

    @Test
    void tabIndentationIsExplained() {
        ConfigException e = fail("services:\n\tweb: {command: a}\n");
        ConfigProblem p = e.problems().getFirst();
        assertEquals(2, p.line());
        assertEquals(1, p.column());
        assertTrue(p.message().contains("TAB"), p.message());
    }

    @Test
    void severalDocumentsAreRefused() {
        ConfigException e = fail("name: a\n---\nname: b\n");
        assertTrue(e.getMessage().startsWith("c.yaml:2:1: YAML syntax error: "), e.getMessage());
    }

    @Test
    void tooManyServicesAreRefused() {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i <= ConfigParser.MAX_SERVICES; i++) {
            yaml.append("  s").append(i).append(": {command: x}\n");
        }
        assertEquals("c.yaml:2:3: services: 101 services; the limit is 100", fail(yaml.toString()).getMessage());
    }

    @Test
    void problemsInBothOfTwoServicesAreBothReported() {
        ConfigException e = fail("services:\n  a: {command: x, port: 0}\n  b: {command: y, port: abc}\n");
        assertEquals(List.of(2, 3), e.problems().stream().map(ConfigProblem::line).toList());
    }

    @Test
    void untrustedTextIsEscapedInMessages() {
        ConfigException e = fail("services:\n  \"web\\u001b[31m\": {command: x}\n");
        assertTrue(e.getMessage().contains("web\\u001b[31m"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c == 0x1b), e.getMessage());
    }

    @Test
    void renderingWithoutPathOrSuggestion() {
        assertEquals("f:1:2: oops", new ConfigProblem(1, 2, "", "oops", null).render("f"));
        assertEquals("f:3:4: a.b: bad (did you mean \"c\"?)", new ConfigProblem(3, 4, "a.b", "bad", "c").render("f"));
    }
}
