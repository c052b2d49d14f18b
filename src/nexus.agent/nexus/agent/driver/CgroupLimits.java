package nexus.agent.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nexus.core.config.Resources;

/**
 * Memory and CPU limits as cgroup settings, for the cgroup version the host runs (v1 hierarchies, as on hosts
 * without systemd, or the unified v2 tree). Disk limits need a quota-capable storage backend, which a directory
 * (or an overlay on one) is not; no driver here enforces them.
 */
public record CgroupLimits(boolean v1) {
    private static final long CPU_PERIOD_US = 100_000;

    public static CgroupLimits detect() {
        return new CgroupLimits(Files.isDirectory(Path.of("/sys/fs/cgroup/memory")));
    }

    /** LXC config lines for a container (persisted, applied at every start). */
    public List<String> settings(Resources r) {
        List<String> lines = new ArrayList<>();
        String prefix = v1 ? "lxc.cgroup." : "lxc.cgroup2.";
        live(r).forEach((key, value) -> lines.add(prefix + key + " = " + value));
        return lines;
    }

    /** cgroup file → value, for lxc-cgroup on a running container; "no limit" values when a limit is absent. */
    public Map<String, String> live(Resources r) {
        Map<String, String> values = new LinkedHashMap<>();
        Resources res = r == null ? Resources.DEFAULTS : r;
        if (v1) {
            values.put("memory.limit_in_bytes", res.memoryBytes() == null ? "-1" : Long.toString(res.memoryBytes()));
            values.put("cpu.cfs_period_us", Long.toString(CPU_PERIOD_US));
            values.put("cpu.cfs_quota_us", res.cpu() == null ? "-1" : Long.toString(res.cpu() * CPU_PERIOD_US));
        } else {
            values.put("memory.max", res.memoryBytes() == null ? "max" : Long.toString(res.memoryBytes()));
            values.put("cpu.max", (res.cpu() == null ? "max" : Long.toString(res.cpu() * CPU_PERIOD_US)) + " " + CPU_PERIOD_US);
        }
        return values;
    }
}
