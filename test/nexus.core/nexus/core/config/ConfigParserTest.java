package nexus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

    private static WorkspaceConfig parse(String yaml) throws ConfigException {
        return ConfigParser.parse(yaml, "test.yaml");
    }

    private static ServiceConfig onlyService(String serviceYaml) throws ConfigException {
        WorkspaceConfig c = parse("services:\n  web:\n" + serviceYaml.indent(4));
        return c.services().get("web");
    }

    @Test
    void designExampleParsesToTheDocumentedModel() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("design-example.yaml");
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        services.put("cache", new ServiceConfig("cache", "redis-server --port 6380", 6380, List.of(), Map.of(),
                HealthCheck.tcp(), RestartPolicy.ON_FAILURE, null));
        services.put("api", new ServiceConfig("api", "npm run api", 4100, List.of("cache"),
                Map.of("CACHE_URL", "redis://localhost:6380"), HealthCheck.http("/healthz"), RestartPolicy.ON_FAILURE,
                null));
        services.put("web", new ServiceConfig("web", "npm run dev -- --port 5173", 5173, List.of("api"), Map.of(),
                HealthCheck.tcp(), RestartPolicy.ON_FAILURE, null));
        WorkspaceConfig expected = new WorkspaceConfig(1, "shop", "debian-12", Map.of(),
                new Resources(2, 4L << 30, 20L << 30), Map.of("APP_ENV", "development"),
                new Lifecycle("npm ci", "echo ready", "./scripts/flush.sh"), services,
                ConfigOrigin.file("design-example.yaml"));
        assertEquals(expected, c);
        assertEquals(List.of("cache", "api", "web"), List.copyOf(c.services().keySet()));
    }

    /** fixture | services in start order | their ports (- for none) | health check types */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            design-example.yaml         | cache api web                          | 6380 4100 5173                | tcp http tcp
            node-express-postgres.yaml  | db api                                 | 5432 8080                     | exec http
            node-vite-react.yaml        | api web                                | 3001 5173                     | http tcp
            node-nextjs.yaml            | next                                   | 3000                          | http
            python-django-celery.yaml   | redis web worker                       | 6379 8000 -                   | tcp http none
            python-flask.yaml           | app                                    | 5000                          | http
            python-fastapi.yaml         | api docs                               | 8001 8002                     | http none
            static-site.yaml            | web                                    | 8080                          | http
            seed-spellings.yaml         | api worker                             | 4100 -                        | http exec
            anchors-and-merges.yaml     | api admin                              | 4000 4001                     | tcp tcp
            compose-style-env.yaml      | web                                    | 8080                          | tcp
            minimal.yaml                | web                                    | 3000                          | tcp
            monorepo.yaml               | queue auth billing gateway ui seeder   | 4222 7001 7002 7000 7100 -    | tcp http http tcp tcp none
            """)
    void realWorldConfigsParse(String fixture, String order, String ports, String checks) throws ConfigException {
        WorkspaceConfig c = Fixtures.parse(fixture);
        List<ServiceConfig> started = c.startOrder();
        assertEquals(Arrays.asList(order.split(" ")), started.stream().map(ServiceConfig::name).toList());
        assertEquals(Arrays.asList(ports.split(" ")),
                started.stream().map(s -> s.port() == null ? "-" : s.port().toString()).toList());
        assertEquals(Arrays.asList(checks.split(" ")),
                started.stream().map(s -> s.healthCheck().type().name().toLowerCase()).toList());
        assertEquals(ConfigOrigin.file(fixture), c.origin());
    }

    @Test
    void seedSpellingsMeanTheSameAsTheCanonicalOnes() throws ConfigException {
        WorkspaceConfig seeds = Fixtures.parse("seed-spellings.yaml");
        WorkspaceConfig canonical = parse("""
                version: 1
                env:
                  APP_ENV: development
                services:
                  api:
                    command: npm run api
                    port: 4100
                    env:
                      CACHE_URL: redis://localhost:6380
                    health_check:
                      type: http
                      path: /healthz
                      timeout: 10s
                      interval: 1s
                    restart: on-failure
                  worker:
                    command: npm run worker
                    depends_on: [api]
                    health_check: {type: exec, command: test -f /tmp/worker.ready, timeout: 10s}
                providers:
                  incus:
                    image: images:debian/12
                """);
        assertEquals(Fixtures.withoutOrigin(canonical), Fixtures.withoutOrigin(seeds));
        assertEquals(Duration.ofSeconds(10), seeds.services().get("api").healthCheck().timeout());
        assertEquals("images:debian/12", seeds.imageFor("incus"));
        assertNull(seeds.imageFor("lxc"));
    }

    @Test
    void serviceWithPortAndNoCheckGetsTcpWithDefaults() throws ConfigException {
        ServiceConfig s = onlyService("command: npm start\nport: 3000\n");
        assertEquals(HealthCheck.tcp(), s.healthCheck());
        assertEquals(Duration.ofSeconds(30), s.healthCheck().timeout());
        assertEquals(Duration.ofSeconds(1), s.healthCheck().interval());
        assertEquals(RestartPolicy.ON_FAILURE, s.restart());
        assertEquals(List.of(), s.dependsOn());
        assertEquals(Map.of(), s.env());
        assertNull(s.workdir());
    }

    @Test
    void serviceWithoutPortGetsNoCheck() throws ConfigException {
        ServiceConfig s = onlyService("command: npm run worker\n");
        assertEquals(HealthCheck.NONE, s.healthCheck());
        assertNull(s.port());
    }

    @Test
    void httpCheckDefaultsToRootPath() throws ConfigException {
        assertEquals(HealthCheck.http("/"), onlyService("command: x\nport: 80\nhealth_check: {type: http}\n").healthCheck());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            path: /ready                       | HTTP
            command: test -f /tmp/up           | EXEC
            timeout: 5s                        | TCP
            type: HTTP                         | HTTP
            type: Tcp                          | TCP
            type: none                         | NONE
            """)
    void healthCheckTypeIsInferredOrReadCaseInsensitively(String check, HealthCheck.Type type) throws ConfigException {
        ServiceConfig s = onlyService("command: x\nport: 8080\nhealth_check: {" + check + "}\n");
        assertEquals(type, s.healthCheck().type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "tcp", "http"})
    void healthCheckMayBeJustItsType(String type) throws ConfigException {
        WorkspaceConfig c = parse("services:\n  web: {command: x, port: 80, health_check: " + type + "}\n");
        assertEquals(type.toUpperCase(), c.services().get("web").healthCheck().type().name());
    }

    @ParameterizedTest(name = "timeout: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            10        | 10000
            10s       | 10000
            1m        | 60000
            500ms     | 500
            1m30s     | 90000
            '45'      | 45000
            1h        | 3600000
            """)
    void durationsAreReadInEveryForm(String text, long millis) throws ConfigException {
        ServiceConfig s = onlyService("command: x\nport: 80\nhealth_check:\n  timeout: " + text + "\n  interval: 100ms\n");
        assertEquals(Duration.ofMillis(millis), s.healthCheck().timeout());
        assertEquals(Duration.ofMillis(100), s.healthCheck().interval());
    }

    @ParameterizedTest(name = "memory: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            4GB        | 4294967296
            4G         | 4294967296
            4gb        | 4294967296
            4GiB       | 4294967296
            512MiB     | 536870912
            512MB      | 536870912
            1536MiB    | 1610612736
            536870912  | 536870912
            2TiB       | 2199023255552
            """)
    void sizesUseBinaryUnits(String text, long bytes) throws ConfigException {
        WorkspaceConfig c = parse("resources:\n  memory: " + text + "\n  disk: " + text + "\n");
        assertEquals(bytes, c.resources().memoryBytes());
        assertEquals(bytes, c.resources().diskBytes());
        assertNull(c.resources().cpu());
    }

    @Test
    void dependsOnIsAListOrASingleName() throws ConfigException {
        WorkspaceConfig c = parse("""
                services:
                  db: {command: postgres, port: 5432}
                  cache: {command: redis-server, port: 6379}
                  api: {command: npm run api, port: 4000, depends_on: db}
                  web: {command: npm run web, port: 4001, depends_on: [api, cache]}
                """);
        assertEquals(List.of("db"), c.services().get("api").dependsOn());
        assertEquals(List.of("api", "cache"), c.services().get("web").dependsOn());
        assertEquals(List.of("db", "cache", "api", "web"), c.startOrder().stream().map(ServiceConfig::name).toList());
    }

    @ParameterizedTest
    @CsvSource({"always,ALWAYS", "never,NEVER", "on-failure,ON_FAILURE", "on_failure,ON_FAILURE", "ALWAYS,ALWAYS"})
    void restartPolicies(String text, RestartPolicy policy) throws ConfigException {
        assertEquals(policy, onlyService("command: x\nrestart: " + text + "\n").restart());
    }

    @Test
    void envValuesKeepScalarsAsWritten() throws ConfigException {
        WorkspaceConfig c = parse("""
                env:
                  VERSION: 1.10
                  DEBUG: true
                  WORKERS: 4
                  HEX: 0x1F
                  EMPTY: ""
                  QUOTED: "yes"
                  URL: http://localhost:8080/a?b=c
                  MULTI: |
                    line one
                    line two
                """);
        assertEquals(List.of("VERSION", "DEBUG", "WORKERS", "HEX", "EMPTY", "QUOTED", "URL", "MULTI"),
                List.copyOf(c.env().keySet()));
        assertEquals("1.10", c.env().get("VERSION"));
        assertEquals("true", c.env().get("DEBUG"));
        assertEquals("4", c.env().get("WORKERS"));
        assertEquals("0x1F", c.env().get("HEX"));
        assertEquals("", c.env().get("EMPTY"));
        assertEquals("yes", c.env().get("QUOTED"));
        assertEquals("http://localhost:8080/a?b=c", c.env().get("URL"));
        assertEquals("line one\nline two\n", c.env().get("MULTI"));
    }

    @Test
    void composeStyleEnvListsSplitAtTheFirstEquals() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("compose-style-env.yaml");
        assertEquals(Map.of("APP_ENV", "development", "EMPTY", "", "URL", "http://localhost:8080/?a=b"), c.env());
        assertEquals(Map.of("DEBUG", "app:*", "GREETING", "hello world"), c.services().get("web").env());
    }

    @Test
    void anchorsAndMergeKeysShareSettings() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("anchors-and-merges.yaml");
        ServiceConfig api = c.services().get("api");
        ServiceConfig admin = c.services().get("admin");
        assertEquals(Map.of("LOG_LEVEL", "debug", "TZ", "UTC"), api.env());
        assertEquals(api.env(), admin.env());
        assertEquals("npm run admin", admin.command());
        assertEquals(4001, admin.port());
        assertEquals(RestartPolicy.ALWAYS, admin.restart());
        assertEquals(List.of("api", "admin"), List.copyOf(c.services().keySet()));
    }

    @Test
    void lifecycleListsBecomeOneScriptAndBlocksStayIntact() throws ConfigException {
        assertEquals("npm ci --prefix server\nnpm ci --prefix client",
                Fixtures.parse("node-vite-react.yaml").lifecycle().preStart());
        Lifecycle l = Fixtures.parse("node-express-postgres.yaml").lifecycle();
        assertEquals("npm ci\nnpx prisma generate\n", l.preStart());
        assertEquals("npx prisma migrate deploy", l.postStart());
        assertNull(l.preStop());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "---\n", "{}", "version: 1\n", "services:\n", "env: {}\nservices: {}\n"})
    void emptyConfigsAreValid(String yaml) throws ConfigException {
        WorkspaceConfig c = parse(yaml);
        assertEquals(Fixtures.withoutOrigin(WorkspaceConfig.empty(ConfigOrigin.none())), Fixtures.withoutOrigin(c));
    }

    @ParameterizedTest
    @ValueSource(strings = {"version: 1", "version: '1'", "version: \"1\"", "version:", "name: x"})
    void versionIsOneWhenMissingOrSpelledAsText(String line) throws ConfigException {
        assertEquals(1, parse(line + "\n").version());
    }

    @Test
    void extensionKeysAreIgnoredAndMayHoldAnchors() throws ConfigException {
        WorkspaceConfig c = parse("""
                x-defaults: &defaults {restart: never}
                x-anything: [1, 2, 3]
                services:
                  job: {<<: *defaults, command: ./run.sh}
                """);
        assertEquals(RestartPolicy.NEVER, c.services().get("job").restart());
    }

    @Test
    void explicitKeysWinOverMergedOnes() throws ConfigException {
        WorkspaceConfig c = parse("""
                x-base: &base {command: base, port: 1000, restart: always}
                services:
                  a: {<<: *base, port: 1001}
                  b: {port: 1002, <<: *base}
                """);
        assertEquals(1001, c.services().get("a").port());
        assertEquals(1002, c.services().get("b").port());
        assertEquals("base", c.services().get("b").command());
    }

    @Test
    void byteOrderMarkIsIgnored() throws ConfigException {
        assertEquals("bom", parse("\uFEFFname: bom\n").name());
    }

    @Test
    void imagesPerDriverFallBackToTheGeneralImage() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("node-nextjs.yaml");
        assertEquals("node:20-bookworm", c.imageFor("docker"));
        assertEquals("debian-12", c.imageFor("lxc"));
        assertEquals("node:20-bookworm", c.imageFor("sandbox"));
        assertEquals(Map.of("docker", "node:20-bookworm", "lxc", "debian-12"), c.providerImages());
    }

    @Test
    void workdirAndQuotedPortAreRead() throws ConfigException {
        ServiceConfig s = onlyService("command: npm start\nport: \"3000\"\nworkdir: apps/web\n");
        assertEquals(3000, s.port());
        assertEquals("apps/web", s.workdir());
    }

    @Test
    void environmentVariablesInTheFileAreNotSubstituted() throws ConfigException {
        assertEquals("${HOME}/x", parse("env:\n  DIR: ${HOME}/x\n").env().get("DIR"));
    }

    @Test
    void monorepoStartOrderPutsDependenciesFirst() throws ConfigException {
        WorkspaceConfig c = Fixtures.parse("monorepo.yaml");
        List<String> order = c.startOrder().stream().map(ServiceConfig::name).toList();
        for (ServiceConfig s : c.services().values()) {
            for (String dep : s.dependsOn()) {
                assertTrue(order.indexOf(dep) < order.indexOf(s.name()), dep + " before " + s.name() + " in " + order);
            }
        }
        assertEquals(new Resources(8, 16L << 30, 64L << 30), c.resources());
        assertEquals("services/billing", c.services().get("billing").workdir());
        assertEquals(Duration.ofMinutes(3), c.services().get("billing").healthCheck().timeout());
    }
}
