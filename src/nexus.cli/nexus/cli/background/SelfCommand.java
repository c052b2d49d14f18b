package nexus.cli.background;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run this same {@code nexus} again as a background program: the image's launcher when running from the
 * jlinked image, else this JVM with its module path (development and tests run from build/classes).
 */
public final class SelfCommand {
    private SelfCommand() {}

    public static List<String> command(String... args) {
        String javaHome = System.getProperty("java.home");
        Path launcher = Path.of(javaHome, "bin", "nexus");
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(launcher)) {
            cmd.add(launcher.toString());
        } else {
            cmd.addAll(List.of(Path.of(javaHome, "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "--module-path", System.getProperty("jdk.module.path"), "-m", "nexus.cli/nexus.cli.Main"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }
}
