package nexus.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys valid in one kind of mapping, with the other spellings accepted for some of them (the seeds'
 * {@code environment} for {@code env}, {@code healthcheck} for {@code health_check}).
 */
record Keys(List<String> names, Map<String, String> aliases) {

    static Keys of(String... names) {
        return new Keys(List.of(names), Map.of());
    }

    /** These keys plus {@code alias} as another spelling of {@code canonical}. */
    Keys withAlias(String alias, String canonical) {
        Map<String, String> more = new LinkedHashMap<>(aliases);
        more.put(alias, canonical);
        return new Keys(names, more);
    }

    /** The canonical key for a spelling, or null when the key is not valid here. */
    String canonical(String spelling) {
        return names.contains(spelling) ? spelling : aliases.get(spelling);
    }
}
