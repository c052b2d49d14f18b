package nexus.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Something a system test needs from the host, and how to tell whether the host has it. */
public enum HostRequirement {
    ROOT("root (uid 0)") {
        @Override
        boolean present() {
            return isRoot();
        }
    },
    LXC("LXC tools (apt-get install lxc)", "lxc-create", "lxc-copy", "lxc-start", "lxc-attach", "lxc-destroy"),
    DEBOOTSTRAP("debootstrap (apt-get install debootstrap)", "debootstrap"),
    BWRAP("bubblewrap (apt-get install bubblewrap)", "bwrap"),
    SSHD("OpenSSH server (apt-get install openssh-server)", "sshd"),
    SSH("OpenSSH client (apt-get install openssh-client)", "ssh", "ssh-keygen"),
    GIT("git (apt-get install git)", "git"),
    OPENSSL("OpenSSL (apt-get install openssl)", "openssl"),
    IPROUTE("iproute2 (apt-get install iproute2)", "ip"),
    IPTABLES("iptables (apt-get install iptables)", "iptables"),
    NODE("Node.js (apt-get install nodejs)", "node");

    private final String description;
    private final String[] programs;

    HostRequirement(String description, String... programs) {
        this.description = description;
        this.programs = programs;
    }

    public String description() {
        return description;
    }

    boolean present() {
        return Arrays.stream(programs).allMatch(HostRequirement::onPath);
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
