/**
 * Shared test support, compiled only for {@code ./build.sh test}: host-requirement conditions for system tests,
 * the run summary, and (under {@code nexus.testkit.github}) the one stand-in the suite allows, a fake GitHub.
 */
module nexus.testkit {
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    requires nexus.core;
    requires jdk.httpserver;
    requires java.net.http;

    exports nexus.testkit;
    exports nexus.testkit.github;

    provides org.junit.platform.launcher.TestExecutionListener with nexus.testkit.SummaryListener;
}
