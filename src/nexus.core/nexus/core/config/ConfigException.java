package nexus.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every problem found in it (not just the first), in document order.
 * The message is one rendered line per problem ({@link ConfigProblem#render}), ready to show a user.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ConfigProblem> problems;
    private final int omitted;

    /** {@code omitted} counts problems found beyond those listed (the list is capped to stay readable). */
    public ConfigException(String source, List<ConfigProblem> problems, int omitted) {
        super(render(source, problems, omitted));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
        this.omitted = omitted;
    }

    /** A single problem that concerns the whole file (it is too large, it cannot be read). */
    public static ConfigException of(String source, String message) {
        return new ConfigException(source, List.of(new ConfigProblem(1, 1, "", message, null)), 0);
    }

    private static String render(String source, List<ConfigProblem> problems, int omitted) {
        String lines = problems.stream().map(p -> p.render(source)).collect(Collectors.joining("\n"));
        return omitted == 0 ? lines : lines + "\n" + source + ": … and " + omitted + " more problems";
    }

    /** The name the config was read under, e.g. ".nexus/config.yaml". */
    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** How many further problems were found but not listed. */
    public int omitted() {
        return omitted;
    }
}
