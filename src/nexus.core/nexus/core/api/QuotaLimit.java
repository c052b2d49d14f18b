package nexus.core.api;

import java.util.Locale;
import nexus.core.json.WireEnum;
import nexus.core.util.Sizes;

/**
 * The per-user limits of a Nexus server (docs/api.md, "Quotas"). The wire name is the limit's name everywhere: in
 * the API, in {@code quota_exceeded} details, and (with '-' for '_') in the flags that set it.
 */
public enum QuotaLimit implements WireEnum {
    /** Workspaces that are not being deleted. */
    WORKSPACES("workspaces", 100_000),
    /** Workspaces whose desired state is running. */
    RUNNING_WORKSPACES("running workspaces", 100_000),
    /** Services (and so node service ports) of one workspace; a config may have at most 100. */
    SERVICES_PER_WORKSPACE("services per workspace", 100),
    /** CPUs the running workspaces' configs ask for ({@code resources.cpu}). */
    CPU("CPUs", 100_000),
    /** Memory the running workspaces' configs ask for ({@code resources.memory}), in bytes. */
    MEMORY_BYTES("memory", 1L << 50);

    private final String label;
    private final long maximum;

    QuotaLimit(String label, long maximum) {
        this.label = label;
        this.maximum = maximum;
    }

    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Words for people: "running workspaces". */
    public String label() {
        return label;
    }

    /** The largest value a limit may be set to (the smallest is 0). */
    public long maximum() {
        return maximum;
    }

    /** The flag that sets it: {@code --running-workspaces}; memory is {@code --memory} and takes a size. */
    public String flag() {
        return "--" + (this == MEMORY_BYTES ? "memory" : wire().replace('_', '-'));
    }

    /** A value for people and for the flag: "32GiB" for memory, the number otherwise. */
    public String format(long value) {
        return this == MEMORY_BYTES ? Sizes.formatExact(value) : Long.toString(value);
    }

    /** The constant for a wire name, or null. */
    public static QuotaLimit parse(String text) {
        return WireEnum.parse(QuotaLimit.class, text);
    }
}
