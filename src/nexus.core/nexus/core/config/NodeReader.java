package nexus.core.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nexus.core.id.Names;
import nexus.core.util.Durations;
import nexus.core.util.Sizes;
import nexus.core.util.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of YAML nodes for the config schema. Every method reports what is wrong to {@link Problems}
 * (at the node's position, under its key path) and returns null instead of throwing, so that one pass over a
 * file finds all of its problems. A key with no value ({@code image:}) reads as absent.
 */
final class NodeReader {
    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** One key of a mapping as written: its text, its node (for positions) and its value. */
    record Entry(String key, Node keyNode, Node value) {}

    /** The fields of a schema mapping by canonical key, remembering how each was spelt (for paths). */
    record Fields(String path, Map<String, Entry> byKey) {
        /** The value of a key, or null when it is absent or has no value. */
        Node get(String key) {
            Entry e = byKey.get(key);
            return e == null || isNull(e.value()) ? null : e.value();
        }

        boolean present(String key) {
            return get(key) != null;
        }

        /** The path of a key as the user spelt it: "services.api.healthcheck". */
        String path(String key) {
            Entry e = byKey.get(key);
            return child(path, e == null ? key : e.key());
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** "a mapping", "a list", "a number", …: for "expected X, got Y" messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing";
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        return Tag.BOOL.equals(tag) ? "true/false" : "a string";
    }

    /**
     * The entries of a mapping in document order; keys must be strings and unique. Null (with a problem) when the
     * node is not a mapping; empty for a key with no value.
     */
    List<Entry> entries(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping, got " + describe(node));
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> seen = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || !Tag.STR.equals(keyNode.getTag())) {
                problems.add(keyNode, path, "keys must be strings, got " + describe(keyNode)
                        + (keyNode instanceof ScalarNode s ? " (" + Names.printable(s.getValue()) + ")" : ""));
                continue;
            }
            Entry entry = new Entry(key.getValue(), keyNode, t.getValueNode());
            Entry first = seen.putIfAbsent(entry.key(), entry);
            if (first != null) {
                problems.add(keyNode, child(path, entry.key()), "duplicate key; it is already set at line "
                        + line(first.keyNode()));
                continue;
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * The fields of a mapping with a fixed set of keys: unknown keys are reported with the closest valid key, and
     * a key given in two spellings (env and environment) is reported. Null when the node is not a mapping.
     */
    Fields fields(Node node, String path, Keys keys) {
        List<Entry> entries = entries(node, path);
        return entries == null ? null : fields(entries, path, keys);
    }

    /** {@link #fields(Node, String, Keys)} for entries already read with {@link #entries}. */
    Fields fields(List<Entry> entries, String path, Keys keys) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        for (Entry e : entries) {
            String canonical = keys.canonical(e.key());
            if (canonical == null) {
                String suggestion = Suggestions.closest(e.key(), allSpellings(keys)).orElse(null);
                problems.add(e.keyNode(), child(path, e.key()), "unknown key" + (suggestion != null ? ""
                        : "; valid keys here: " + String.join(", ", keys.names())), suggestion);
                continue;
            }
            Entry other = byKey.putIfAbsent(canonical, e);
            if (other != null) {
                problems.add(e.keyNode(), child(path, e.key()), "\"" + e.key() + "\" and \"" + other.key()
                        + "\" (line " + line(other.keyNode()) + ") are the same setting; keep one");
            }
        }
        return new Fields(path, Collections.unmodifiableMap(byKey));
    }

    private static List<String> allSpellings(Keys keys) {
        List<String> all = new ArrayList<>(keys.names());
        all.addAll(keys.aliases().keySet());
        return all;
    }

    /** The text of a scalar (numbers and booleans as written), null when absent or not a scalar. */
    String string(Node node, String path) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, path, "expected a string, got " + describe(node));
            return null;
        }
        if (scalar.getValue().indexOf('\0') >= 0) {
            problems.add(node, path, "contains a NUL character");
            return null;
        }
        return scalar.getValue();
    }

    /** A whole number within [min, max], also accepted as a quoted string of digits. */
    Integer integer(Node node, String path, int min, int max) {
        if (isNull(node)) {
            return null;
        }
        BigInteger value = node instanceof ScalarNode s ? wholeNumber(s) : null;
        if (value == null) {
            problems.add(node, path, "expected a whole number, got " + describe(node) + quoted(node));
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(node, path, "must be between " + min + " and " + max + ", got " + value);
            return null;
        }
        return value.intValueExact();
    }

    private static BigInteger wholeNumber(ScalarNode s) {
        String v = s.getValue();
        if (Tag.INT.equals(s.getTag()) || Tag.STR.equals(s.getTag())) {
            if (v.matches("[-+]?[0-9]{1,30}")) {
                return new BigInteger(v.startsWith("+") ? v.substring(1) : v);
            }
            if (Tag.INT.equals(s.getTag()) && v.matches("0o[0-7]{1,30}")) {
                return new BigInteger(v.substring(2), 8);
            }
            if (Tag.INT.equals(s.getTag()) && v.matches("0x[0-9a-fA-F]{1,30}")) {
                return new BigInteger(v.substring(2), 16);
            }
        }
        return null;
    }

    /** A duration: a number of seconds, or 500ms, 10s, 2m, 1m30s. */
    Duration duration(Node node, String path) {
        return parsed(node, path, "a duration such as 30s", Durations::parse,
                "is not a duration; write e.g. 30s, 500ms, 2m or 1m30s (a plain number means seconds)");
    }

    /** A size in bytes: 4GB, 512MiB, 20G (binary units), or a plain number of bytes. */
    Long size(Node node, String path) {
        return parsed(node, path, "a size such as 4GB", Sizes::parseBytes, "is not a size; write e.g. 512MB, 4GB or 20GiB");
    }

    /** A scalar read by {@code parser}, which throws IllegalArgumentException for text it does not accept. */
    private <T> T parsed(Node node, String path, String expected, Function<String, T> parser, String notAccepted) {
        String text = scalarText(node, path, expected);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(node, path, "\"" + Names.printable(text) + "\" " + notAccepted);
            return null;
        }
    }

    private String scalarText(Node node, String path, String expected) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode s) || Tag.BOOL.equals(node.getTag())) {
            problems.add(node, path, "expected " + expected + ", got " + describe(node));
            return null;
        }
        return s.getValue();
    }

    /** A list's items, or the node itself when a single scalar stands for a one-item list. */
    List<Node> listOrScalar(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (node instanceof ScalarNode) {
            return List.of(node);
        }
        problems.add(node, path, "expected a list or a string, got " + describe(node));
        return null;
    }

    private static String quoted(Node node) {
        return node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())
                ? " (\"" + Names.printable(s.getValue()) + "\")" : "";
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }
}
