package nexus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigWriterTest {
    static final List<String> VALID = Fixtures.VALID;

    /** Reading what the writer wrote gives the same config, services in the same order. */
    static void assertRoundTrips(WorkspaceConfig c) throws ConfigException {
        String yaml = ConfigWriter.toYaml(c);
        WorkspaceConfig again = ConfigParser.parse(yaml, "written.yaml");
        assertEquals(Fixtures.withoutOrigin(c), Fixtures.withoutOrigin(again), yaml);
        assertEquals(List.copyOf(c.services().keySet()), List.copyOf(again.services().keySet()), yaml);
        assertEquals(List.copyOf(c.env().keySet()), List.copyOf(again.env().keySet()), yaml);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("VALID")
    void everyFixtureRoundTrips(String fixture) throws ConfigException {
        assertRoundTrips(Fixtures.parse(fixture));
    }

    @Test
    void writesWhatAPersonWouldWrite() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("design-example.yaml");
        assertEquals("""
                # Nexus workspace config (.nexus/config.yaml); reference: docs/config.md
                # from: design-example.yaml
                version: 1
                name: shop
                image: debian-12
                resources:
                  cpu: 2
                  memory: 4GiB
                  disk: 20GiB
                env:
                  APP_ENV: development
                lifecycle:
                  pre_start: npm ci
                  post_start: echo ready
                  pre_stop: ./scripts/flush.sh
                services:
                  cache:
                    command: redis-server --port 6380
                    port: 6380
                  api:
                    command: npm run api
                    port: 4100
                    depends_on: [cache]
                    env:
                      CACHE_URL: redis://localhost:6380
                    health_check:
                      type: http
                      path: /healthz
                  web:
                    command: npm run dev -- --port 5173
                    port: 5173
                    depends_on: [api]
                """, ConfigWriter.toYaml(c));
    }

    @Test
    void headerSaysWhatWasDetected() {
        WorkspaceConfig c = WorkspaceConfig.empty(ConfigOrigin.detected("Node.js project (package.json)"));
        assertTrue(ConfigWriter.toYaml(c).lines().anyMatch("# detected: Node.js project (package.json)"::equals));
    }

    @Test
    void emptyConfigGetsACommentedExampleAndStaysEmpty() throws ConfigException {
        WorkspaceConfig c = WorkspaceConfig.empty(ConfigOrigin.none());
        String yaml = ConfigWriter.toYaml(c);
        assertTrue(yaml.contains("services: {}\n# services:\n#   web:\n"), yaml);
        assertRoundTrips(c);
    }

    @Test
    void nonDefaultHealthCheckTimingsAndPoliciesAreWrittenInUnits() throws ConfigException {
        HealthCheck check = new HealthCheck(HealthCheck.Type.EXEC, null, "pg_isready", Duration.ofMillis(90_500),
                Duration.ofMillis(250));
        ServiceConfig db = new ServiceConfig("db", "postgres", 5432, List.of(), Map.of(), check, RestartPolicy.ALWAYS,
                "db");
        WorkspaceConfig c = new WorkspaceConfig(1, null, null, Map.of("incus", "images:debian/12"),
                new Resources(null, 1536L << 20, null), Map.of(), Lifecycle.NONE, Map.of("db", db), ConfigOrigin.none());
        String yaml = ConfigWriter.toYaml(c);
        assertTrue(yaml.contains("      timeout: 1m30s500ms\n      interval: 250ms\n"), yaml);
        assertTrue(yaml.contains("    restart: always\n    workdir: db\n"), yaml);
        assertTrue(yaml.contains("  memory: 1536MiB\n"), yaml);
        assertTrue(yaml.contains("providers:\n  incus:\n    image: images:debian/12\n"), yaml);
        assertRoundTrips(c);
    }

    static Stream<String> awkwardStrings() {
        return Stream.of("true", "False", "null", "~", "123", "-7", "1.5", "1e3", ".inf", ".NaN", "0o17", "0x1F", "yes",
                "no", "on", "", " leading space", "trailing space ", "key: value", "a #comment", "#hash", "- dash",
                "-", "?", "? q", ":", "ends:", "*star", "&amp", "!bang", "%percent", "@at", "`tick`", "'single'",
                "\"double\"", "back\\slash", "{brace}", "[bracket]", "a, b", "|pipe", ">fold",
                "line one\nline two", "line one\nline two\n", "trailing blank lines\n\n\n", "\nleading newline",
                "  indented first\nline", "if true; then\n  echo yes\nfi\n", "tab\there", "crlf\r\nline",
                "spaces only line\n   \nafter", "unicode é ✓ 日本", "emoji 🚀", "control \u0001 char", "bell\u0007",
                "line\u2028separator", "nel\u0085next", "bom\uFEFFinside", "del\u007f", "a'b\"c", "\t", " ");
    }

    @ParameterizedTest
    @MethodSource("awkwardStrings")
    void awkwardStringsSurviveTheRoundTrip(String s) throws ConfigException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VALUE", s);
        String command = s.isBlank() ? "run " + s : s;   // a command must not be blank
        ServiceConfig svc = new ServiceConfig("web", command, 3000, List.of(), env, HealthCheck.tcp(),
                RestartPolicy.ON_FAILURE, null);
        String hook = s.isBlank() ? null : s;   // a blank hook reads as no hook
        WorkspaceConfig c = new WorkspaceConfig(1, null, null, Map.of(), Resources.DEFAULTS, env,
                new Lifecycle(hook, hook, hook), Map.of("web", svc), ConfigOrigin.none());
        assertRoundTrips(c);
    }

    @Test
    void serviceNamesThatLookLikeOtherTypesAreQuoted() throws ConfigException {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (String name : List.of("true", "null", "no", "on")) {
            services.put(name, new ServiceConfig(name, "x", null, List.of(), Map.of(), HealthCheck.NONE,
                    RestartPolicy.ON_FAILURE, null));
        }
        services.put("after", new ServiceConfig("after", "x", null, List.of("true", "null"), Map.of(), HealthCheck.NONE,
                RestartPolicy.ON_FAILURE, null));
        assertRoundTrips(new WorkspaceConfig(1, null, null, Map.of(), Resources.DEFAULTS, Map.of(), Lifecycle.NONE,
                services, ConfigOrigin.none()));
    }
}
