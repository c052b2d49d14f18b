package nexus.core.detect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nexus.core.config.HealthCheck;

/**
 * A Python project ({@code pyproject.toml} or {@code requirements.txt}): a virtualenv in {@code .venv} (seeing the
 * system's site packages) with the
 * requirements and, when pyproject.toml declares a package, the project itself (editable) installed into it.
 * Django ({@code manage.py}) runs {@code runserver} on 0.0.0.0:8000; Flask (named in the requirements or
 * pyproject.toml) runs {@code python -m flask run} on 0.0.0.0:5000 with {@code FLASK_APP} found in {@code .flaskenv} or
 * {@code .env}, else {@code wsgi.py} or {@code app.py}, else a package whose {@code __init__.py} creates the app.
 * Anything else gets no service.
 */
final class PythonProject {
    static final int DJANGO_PORT = 8000;
    static final int FLASK_PORT = 5000;
    static final String VENV = ".venv";

    private static final Pattern FLASK_REQUIREMENT = Pattern.compile("(?im)^\\s*flask\\s*(?:[\\[<>=!~;#]|$)");
    /** flask in a PEP 621 dependency list ("flask>=3") or a Poetry table (flask = "^3"). */
    private static final Pattern FLASK_PYPROJECT = Pattern.compile("(?im)[\"']flask\\s*(?:[\\[<>=!~;\"'])|^\\s*flask\\s*=");
    private static final Pattern PACKAGE_TABLE = Pattern.compile("(?m)^\\s*\\[(?:project|build-system)]");
    private static final Pattern FLASK_APP_LINE = Pattern.compile("(?m)^\\s*(?:export\\s+)?FLASK_APP\\s*=\\s*[\"']?([^\"'\\s#]+)");
    /** Module names and Flask's "module:factory()" app references; nothing a shell could read differently. */
    private static final Pattern APP_REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z_][A-Za-z0-9_]*(?:\\(\\))?)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CREATES_APP = Pattern.compile("\\bFlask\\s*\\(|\\bdef\\s+create_app\\s*\\(");
    private static final int MAX_PACKAGES_SCANNED = 50;

    private PythonProject() {}

    static Optional<Detection> detect(Path repoDir) {
        Optional<String> requirements = ProjectFiles.text(repoDir, "requirements.txt");
        Optional<String> pyproject = ProjectFiles.text(repoDir, "pyproject.toml");
        if (requirements.isEmpty() && pyproject.isEmpty()) {
            return Optional.empty();
        }
        String manifest = requirements.isPresent() ? "requirements.txt" : "pyproject.toml";
        List<String> setup = new ArrayList<>();
        // System site packages: Python libraries the image ships (Debian's python3-flask…) satisfy requirements
        // without PyPI, which many nodes cannot reach; pip still installs whatever is missing or pinned differently.
        setup.add("python3 -m venv --system-site-packages " + VENV);
        if (requirements.isPresent()) {
            setup.add(VENV + "/bin/pip install -r requirements.txt");
        }
        if (pyproject.isPresent() && PACKAGE_TABLE.matcher(pyproject.get()).find()) {
            setup.add(VENV + "/bin/pip install -e .");
        }
        if (ProjectFiles.isFile(repoDir, "manage.py")) {
            return Optional.of(new Detection("Django project (manage.py)", setup, Detection.web(
                    VENV + "/bin/python manage.py runserver 0.0.0.0:" + DJANGO_PORT, DJANGO_PORT, Map.of(),
                    HealthCheck.tcp())));
        }
        boolean flask = requirements.map(r -> FLASK_REQUIREMENT.matcher(r).find()).orElse(false)
                || pyproject.map(p -> FLASK_PYPROJECT.matcher(p).find()).orElse(false);
        if (!flask) {
            return Optional.of(new Detection("Python project (" + manifest + ")", setup, null));
        }
        Optional<String> app = flaskApp(repoDir);
        if (app.isEmpty()) {
            return Optional.of(new Detection("Flask project (" + manifest + "), but no app found: set FLASK_APP in "
                    + ".flaskenv", setup, null));
        }
        return Optional.of(new Detection("Flask project (" + manifest + ", app " + app.get() + ")", setup,
                // "python -m flask": the flask script exists only where pip installed Flask, which it does not when
                // the system's Flask (seen through the venv) already satisfies the requirements
                Detection.web(VENV + "/bin/python -m flask run --host 0.0.0.0 --port " + FLASK_PORT, FLASK_PORT,
                        Map.of("FLASK_APP", app.get()), HealthCheck.tcp())));
    }

    /** The app the way {@code flask run} would find it, preferring what the project says explicitly. */
    private static Optional<String> flaskApp(Path repoDir) {
        for (String envFile : List.of(".flaskenv", ".env")) {
            Optional<String> declared = ProjectFiles.text(repoDir, envFile).flatMap(text -> {
                Matcher m = FLASK_APP_LINE.matcher(text);
                return m.find() && APP_REFERENCE.matcher(m.group(1)).matches() ? Optional.of(m.group(1))
                        : Optional.empty();
            });
            if (declared.isPresent()) {
                return declared;
            }
        }
        for (String module : List.of("wsgi", "app")) {   // flask run's own order
            if (ProjectFiles.isFile(repoDir, module + ".py")) {
                return Optional.of(module);
            }
        }
        for (String base : List.of("", "src/")) {
            for (String pkg : packages(repoDir, base)) {
                if (ProjectFiles.text(repoDir, base + pkg + "/__init__.py")
                        .map(t -> CREATES_APP.matcher(t).find()).orElse(false)) {
                    return Optional.of(pkg);
                }
            }
        }
        return Optional.empty();
    }

    /** Names of directories under {@code base} that could be Python packages, sorted, at most a few dozen. */
    private static TreeSet<String> packages(Path repoDir, String base) {
        TreeSet<String> names = new TreeSet<>();
        if (!base.isEmpty() && !ProjectFiles.isDirectory(repoDir, base.substring(0, base.length() - 1))) {
            return names;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(repoDir.resolve(base.isEmpty() ? "." : base))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (IDENTIFIER.matcher(name).matches() && ProjectFiles.isDirectory(repoDir, base + name)) {
                    names.add(name);
                    if (names.size() >= MAX_PACKAGES_SCANNED) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return names;   // unreadable: nothing to find there
        }
        return names;
    }
}
