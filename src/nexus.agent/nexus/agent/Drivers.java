package nexus.agent;

import java.util.ArrayList;
import java.util.List;
import nexus.agent.driver.Driver;
import nexus.agent.driver.lxc.LxcDriver;
import nexus.agent.driver.sandbox.SandboxDriver;
import nexus.agent.image.ImageSpec;
import nexus.agent.image.ImageStore;

/**
 * Picks the driver: the one asked for, or with {@code auto} the best that works on this host (lxc, then
 * sandbox). A driver that cannot work says why, and the agent refuses to start rather than fail later.
 */
final class Drivers {
    private Drivers() {}

    /** This host cannot run the driver asked for; the message says why and what to install or fix. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** Opens a driver {@link #pick} chose and prepares the host for it. */
    static Driver open(String name, AgentOptions options) throws Exception {
        return switch (name) {
            case "lxc" -> {
                LxcDriver lxc = new LxcDriver(options.stateDir().resolve("lxc"),
                        new ImageStore(options.images(), ImageSpec.standard(mirror(options), LxcDriver.ID_SHIFT)));
                lxc.prepareHost();
                yield lxc;
            }
            case "sandbox" -> {
                SandboxDriver sandbox = new SandboxDriver(options.stateDir().resolve("sandbox"));
                sandbox.prepareHost();
                yield sandbox;
            }
            default -> throw new IllegalArgumentException("\"" + name + "\" is not a driver pick() chose");
        };
    }

    /**
     * The driver {@code name} stands for on this host: itself, or for {@code auto} the first of lxc and sandbox
     * that works.
     */
    static String pick(String name) throws Unavailable {
        if (name.equals("auto")) {
            List<String> why = new ArrayList<>();
            for (String candidate : List.of("lxc", "sandbox")) {
                String p = problem(candidate);
                if (p == null) {
                    return candidate;
                }
                why.add(candidate + ": " + p);
            }
            throw new Unavailable("no driver works on this host (" + String.join("; ", why) + ")");
        }
        String p = problem(name);
        if (p != null) {
            throw new Unavailable(p);
        }
        return name;
    }

    static String mirror(AgentOptions options) {
        return options.mirror() != null ? options.mirror() : ImageSpec.DEFAULT_MIRROR;
    }

    /** Why a driver cannot work on this host, or null when it can. */
    static String problem(String name) {
        try {
            switch (name) {
                case "lxc" -> LxcDriver.checkHost();
                case "sandbox" -> SandboxDriver.checkHost();
                default -> {
                    return "unknown driver \"" + name + "\"; use auto, lxc or sandbox";
                }
            }
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
