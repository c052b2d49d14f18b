package nexus.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nexus.core.id.Names;
import nexus.core.util.Sizes;
import nexus.core.util.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses and validates {@code .nexus/config.yaml} (v1, DESIGN §5; reference in docs/config.md). Every problem
 * in the file is reported at once, each with line, column and key path, as a {@link ConfigException}. A missing
 * {@code version} means 1, so a config written before versioning keeps working; any other version is refused
 * because its keys may mean something this Nexus does not know.
 */
public final class ConfigParser {
    /** Largest config accepted; checked before any parsing. */
    public static final int MAX_BYTES = YamlDocument.MAX_BYTES;
    public static final int MAX_SERVICES = 100;
    /** The drivers that {@code providers.<driver>.image} may name. */
    public static final List<String> DRIVERS = List.of("lxc", "incus", "docker", "sandbox");

    private static final Keys TOP_KEYS = Keys.of("version", "name", "image", "resources", "env", "lifecycle",
            "services", "providers").withAlias("environment", "env");
    private static final Keys RESOURCE_KEYS = Keys.of("cpu", "memory", "disk");
    private static final Keys LIFECYCLE_KEYS = Keys.of("pre_start", "post_start", "pre_stop");
    private static final Keys PROVIDER_KEYS = Keys.of("image");
    /** Image references for every driver: "debian-12", "images:debian/12", "node:20-bookworm", "ghcr.io/o/i@sha256:…". */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,254}");
    /** Top-level keys starting with this are ignored, as in docker-compose: a place to define shared anchors. */
    static final String EXTENSION_PREFIX = "x-";
    static final long MIN_MEMORY = 64L << 20;
    static final long MIN_DISK = 512L << 20;

    private final NodeReader reader;

    private ConfigParser(NodeReader reader) {
        this.reader = reader;
    }

    /**
     * The config in {@code yamlText}; {@code sourceName} names it in problems and in the result's origin
     * (e.g. ".nexus/config.yaml"). An empty document is a valid config with nothing in it.
     */
    public static WorkspaceConfig parse(String yamlText, String sourceName) throws ConfigException {
        Problems problems = new Problems();
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;   // editors' byte-order mark
        Optional<Node> root = YamlDocument.compose(text, problems);
        ConfigOrigin origin = ConfigOrigin.file(sourceName);
        if (!problems.isEmpty()) {
            throw problems.toException(sourceName);
        }
        if (root.isEmpty()) {
            return WorkspaceConfig.empty(origin);
        }
        WorkspaceConfig config = new ConfigParser(new NodeReader(problems)).workspace(root.get(), origin);
        if (!problems.isEmpty()) {
            throw problems.toException(sourceName);
        }
        return config;
    }

    private WorkspaceConfig workspace(Node root, ConfigOrigin origin) {
        List<NodeReader.Entry> entries = reader.entries(root, "");
        if (entries == null || !versionSupported(entries)) {
            return null;
        }
        NodeReader.Fields f = reader.fields(entries.stream().filter(e -> !e.key().startsWith(EXTENSION_PREFIX)).toList(),
                "", TOP_KEYS);
        String name = reader.string(f.get("name"), f.path("name"));
        if (name != null && Names.problem(name) != null) {
            reader.problems().add(f.get("name"), f.path("name"), Names.problem(name));
        }
        String image = image(f.get("image"), f.path("image"));
        Map<String, String> providerImages = providers(f.get("providers"), f.path("providers"));
        Resources resources = resources(f.get("resources"), f.path("resources"));
        Map<String, String> env = EnvParser.parse(reader, f.get("env"), f.path("env"));
        Lifecycle lifecycle = lifecycle(f.get("lifecycle"), f.path("lifecycle"));
        Map<String, ServiceConfig> services = services(f.get("services"), f.path("services"));
        return new WorkspaceConfig(WorkspaceConfig.CURRENT_VERSION, name, image, providerImages, resources, env,
                lifecycle, services, origin);
    }

    /**
     * Only version 1 exists. The version is checked before anything else: when it is wrong, the rest is not
     * checked, because under another version its keys may be valid.
     */
    private boolean versionSupported(List<NodeReader.Entry> entries) {
        Node node = entries.stream().filter(e -> e.key().equals("version")).map(NodeReader.Entry::value)
                .filter(v -> !NodeReader.isNull(v)).findFirst().orElse(null);
        if (node == null) {
            return true;
        }
        Integer version = reader.integer(node, "version", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version == null) {
            return false;
        }
        if (version != WorkspaceConfig.CURRENT_VERSION) {
            reader.problems().add(node, "version", "unsupported config version " + version
                    + "; this Nexus reads version " + WorkspaceConfig.CURRENT_VERSION);
            return false;
        }
        return true;
    }

    private String image(Node node, String path) {
        String image = reader.string(node, path);
        if (image != null && !IMAGE.matcher(image).matches()) {
            reader.problems().add(node, path, "\"" + Names.printable(image) + "\" is not an image reference: use "
                    + "letters, digits and . _ : / @ + -, starting with a letter or digit (e.g. debian-12 or "
                    + "node:20-bookworm)");
            return null;
        }
        return image;
    }

    private Map<String, String> providers(Node node, String path) {
        Map<String, String> images = new LinkedHashMap<>();
        List<NodeReader.Entry> entries = reader.entries(node, path);
        for (NodeReader.Entry e : entries == null ? List.<NodeReader.Entry>of() : entries) {
            String driverPath = NodeReader.child(path, e.key());
            if (!DRIVERS.contains(e.key())) {
                reader.problems().add(e.keyNode(), driverPath, "unknown driver; drivers are "
                        + String.join(", ", DRIVERS), Suggestions.closest(e.key(), DRIVERS).orElse(null));
                continue;
            }
            NodeReader.Fields f = reader.fields(e.value(), driverPath, PROVIDER_KEYS);
            String image = f == null ? null : image(f.get("image"), f.path("image"));
            if (image != null) {
                images.put(e.key(), image);
            }
        }
        return images;
    }

    private Resources resources(Node node, String path) {
        NodeReader.Fields f = reader.fields(node, path, RESOURCE_KEYS);
        if (f == null) {
            return Resources.DEFAULTS;
        }
        Integer cpu = reader.integer(f.get("cpu"), f.path("cpu"), 1, 256);
        Long memory = atLeast(f, "memory", MIN_MEMORY);
        Long disk = atLeast(f, "disk", MIN_DISK);
        return new Resources(cpu, memory, disk);
    }

    private Long atLeast(NodeReader.Fields f, String key, long min) {
        Long bytes = reader.size(f.get(key), f.path(key));
        if (bytes != null && bytes < min) {
            reader.problems().add(f.get(key), f.path(key), key + " " + Sizes.format(bytes) + " is less than the minimum "
                    + Sizes.format(min) + " (a number without a unit is bytes: write e.g. 4GB)");
            return null;
        }
        return bytes;
    }

    private Lifecycle lifecycle(Node node, String path) {
        NodeReader.Fields f = reader.fields(node, path, LIFECYCLE_KEYS);
        if (f == null) {
            return Lifecycle.NONE;
        }
        return new Lifecycle(script(f, "pre_start"), script(f, "post_start"), script(f, "pre_stop"));
    }

    /** A hook: one shell script, or a list of commands run one after another (joined into one script). */
    private String script(NodeReader.Fields f, String key) {
        List<Node> lines = reader.listOrScalar(f.get(key), f.path(key));
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String itemPath = lines.size() == 1 ? f.path(key) : f.path(key) + "[" + i + "]";
            String line = reader.string(lines.get(i), itemPath);
            if (line != null && !line.isBlank()) {
                texts.add(line);
            }
        }
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private Map<String, ServiceConfig> services(Node node, String path) {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        List<NodeReader.Entry> entries = reader.entries(node, path);
        if (entries == null) {
            return services;
        }
        if (entries.size() > MAX_SERVICES) {
            reader.problems().add(node, path, entries.size() + " services; the limit is " + MAX_SERVICES);
            return services;
        }
        ServiceParser parser = new ServiceParser(reader);
        List<ServiceParser.Parsed> parsed = new ArrayList<>();
        for (NodeReader.Entry e : entries) {
            ServiceParser.Parsed s = parser.parse(e, path);
            if (s != null) {
                parsed.add(s);
                services.put(s.config().name(), s.config());
            }
        }
        ServiceRules.check(parsed, reader.problems());
        return services;
    }
}
