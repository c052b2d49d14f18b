package nexus.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every problem found while reading a config, located at YAML nodes; capped so output stays readable. */
final class Problems {
    static final int MAX_LISTED = 50;

    private final List<ConfigProblem> listed = new ArrayList<>();
    private int omitted;

    void add(Node at, String path, String message) {
        add(at, path, message, null);
    }

    void add(Node at, String path, String message, String suggestion) {
        Mark mark = at == null ? null : at.getStartMark().orElse(null);
        add(mark, path, message, suggestion);
    }

    void add(Mark mark, String path, String message, String suggestion) {
        // snakeyaml-engine counts lines and columns from 0; editors and compilers count from 1
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        if (listed.size() < MAX_LISTED) {
            listed.add(new ConfigProblem(line, column, path, message, suggestion));
        } else {
            omitted++;
        }
    }

    boolean isEmpty() {
        return listed.isEmpty();
    }

    ConfigException toException(String source) {
        List<ConfigProblem> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(source, sorted, omitted);
    }
}
