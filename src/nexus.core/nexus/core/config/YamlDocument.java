package nexus.core.config;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import nexus.core.id.Names;
import nexus.core.util.Sizes;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns config text into a YAML node tree (with positions) without letting hostile input hurt: the size is
 * capped before parsing, then a streaming pass over the parser's events (which uses no recursion) checks the
 * nesting depth, the number of aliases to collections (the "billion laughs" expansion) and explicit tags, and
 * only then is the tree composed (composition recurses once per nesting level).
 */
final class YamlDocument {
    static final int MAX_BYTES = 256 * 1024;
    /** A Nexus config nests four levels (services → api → health_check → timeout); 20 leaves room for merges. */
    static final int MAX_DEPTH = 20;
    /** Anchors are handy for sharing an env block between services; fifty uses is plenty for that. */
    static final int MAX_COLLECTION_ALIASES = 50;

    private static final Set<String> PLAIN_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.MAP.getValue(), Tag.SEQ.getValue(), "!");

    private YamlDocument() {}

    /** The document's root node, or empty for an empty document; on any problem, it is added and empty returned. */
    static Optional<Node> compose(String text, Problems problems) {
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add((Mark) null, "", "the file is larger than " + Sizes.format(MAX_BYTES)
                    + "; a workspace config is a few dozen lines", null);
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel("config")
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true)     // reported with a position by NodeReader instead of a bare exception
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_BYTES + 1)
                .setEnvConfig(Optional.empty())  // never substitute ${VARIABLES} from the reader's environment
                .build();
        try {
            if (!checkEvents(text, settings, problems)) {
                return Optional.empty();
            }
            return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            problems.add(e.getProblemMark().or(e::getContextMark).orElse(null), "", syntaxMessage(e), null);
        } catch (YamlEngineException e) {
            problems.add((Mark) null, "", "YAML error: " + e.getMessage(), null);
        }
        return Optional.empty();
    }

    /** The streaming safety pass; false (with problems added) when the tree must not be built. */
    private static boolean checkEvents(String text, LoadSettings settings, Problems problems) {
        int depth = 0;
        int collectionAliases = 0;
        Set<String> collectionAnchors = new HashSet<>();
        boolean ok = true;
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        while (parser.hasNext()) {
            Event event = parser.next();
            Mark at = event.getStartMark().orElse(null);
            if (event instanceof CollectionStartEvent start) {
                start.getAnchor().ifPresent(a -> collectionAnchors.add(a.getValue()));
                ok &= knownTag(start.getTag(), at, problems);
                if (++depth > MAX_DEPTH) {
                    problems.add(at, "", "the document nests deeper than " + MAX_DEPTH
                            + " levels; a workspace config needs four", null);
                    return false;
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            } else if (event instanceof ScalarEvent scalar) {
                ok &= knownTag(scalar.getTag(), at, problems);
            } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAlias().getValue())
                    && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                problems.add(at, "", "more than " + MAX_COLLECTION_ALIASES + " aliases to lists or mappings; "
                        + "documents that multiply themselves through aliases (\"billion laughs\") are refused", null);
                return false;
            }
        }
        return ok;
    }

    private static boolean knownTag(Optional<String> tag, Mark at, Problems problems) {
        if (tag.isEmpty() || PLAIN_TAGS.contains(tag.get())) {
            return true;
        }
        String shown = tag.get().startsWith("tag:yaml.org,2002:") ? "!!" + tag.get().substring(18) : tag.get();
        problems.add(at, "", "unsupported YAML tag " + shown + "; a config holds only strings, numbers, "
                + "booleans, lists and mappings", null);
        return false;
    }

    private static String syntaxMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
        return "YAML syntax error: " + Names.printable(String.valueOf(problem));
    }
}
