package nexus.cli;

import nexus.core.Version;

/** Entry point of {@code nexus}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("version"))) {
            System.out.println("nexus " + Version.current());
            return;
        }
        System.err.println("nexus: not built yet");
        System.exit(2);
    }
}
