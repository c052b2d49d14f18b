package nexus.cli;

import java.util.List;
import nexus.core.Version;

/** Entry point of {@code nexus}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The fast path: `nexus --version` is benchmarked against `gh --version`, so it loads nothing else.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("version"))) {
            System.out.println("nexus " + Version.current());
            return;
        }
        if (args.length == 1 && args[0].equals("__aot-training")) {
            System.exit(AotTraining.run()); // jlink/nexus.train: not a user command, so not in the command tree
        }
        System.exit(Cli.run(List.of(args), Env.system()));
    }
}
