package nexus.server.quota;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import nexus.core.api.QuotaLimit;

/**
 * The server-wide value of every per-user limit ({@code nexus-server serve --quota-…}); an admin's override for
 * one user replaces one of them for that user. docs/server.md says why the standard values are what they are.
 */
public record QuotaDefaults(Map<QuotaLimit, Long> values) {

    /** 10 workspaces, 5 running, 10 services each, 16 CPUs and 32 GiB asked for by the running ones. */
    public static final QuotaDefaults STANDARD = new QuotaDefaults(Map.of(
            QuotaLimit.WORKSPACES, 10L,
            QuotaLimit.RUNNING_WORKSPACES, 5L,
            QuotaLimit.SERVICES_PER_WORKSPACE, 10L,
            QuotaLimit.CPU, 16L,
            QuotaLimit.MEMORY_BYTES, 32L << 30));

    public QuotaDefaults {
        EnumMap<QuotaLimit, Long> copy = new EnumMap<>(QuotaLimit.class);
        for (QuotaLimit limit : QuotaLimit.values()) {
            Long v = values.get(limit);
            if (v == null) {
                throw new IllegalArgumentException("no default for the limit " + limit.wire());
            }
            copy.put(limit, checked(limit, v));
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** {@code value} if it is a valid value of {@code limit}; otherwise IllegalArgumentException saying the range. */
    public static long checked(QuotaLimit limit, long value) {
        if (value < 0 || value > limit.maximum()) {
            throw new IllegalArgumentException(limit.wire() + " must lie between 0 and " + limit.format(limit.maximum()) + ", not "
                    + value);
        }
        return value;
    }

    public long get(QuotaLimit limit) {
        return values.get(limit);
    }

    public QuotaDefaults with(QuotaLimit limit, long value) {
        EnumMap<QuotaLimit, Long> copy = new EnumMap<>(values);
        copy.put(limit, value);
        return new QuotaDefaults(copy);
    }
}
