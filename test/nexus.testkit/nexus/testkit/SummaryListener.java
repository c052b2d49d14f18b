package nexus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts a run the way a reader expects and writes "N passed, N failed[, N skipped]" to the file named by
 * {@code -Dnexus.test.summary}; build.sh prints it as the last line. Unlike the console launcher's own summary,
 * tests inside a skipped class count as skipped (with the reason listed once), an aborted test (failed
 * assumption) counts as skipped, and a failing class setup counts as a failure.
 */
public final class SummaryListener implements TestExecutionListener {
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final Map<String, Integer> skipReasons = new LinkedHashMap<>();
    private TestPlan plan;

    public SummaryListener() {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        long tests = id.isTest() ? 1 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
        skipped.addAndGet((int) tests);
        synchronized (skipReasons) {
            skipReasons.merge(reason, (int) tests, Integer::sum);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    passed.incrementAndGet();
                }
            }
            case ABORTED -> {
                if (id.isTest()) {
                    skipped.incrementAndGet();
                }
            }
            case FAILED -> failed.incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String line = passed + " passed, " + failed + " failed" + (skipped.get() > 0 ? ", " + skipped + " skipped" : "");
        StringBuilder out = new StringBuilder();
        synchronized (skipReasons) {
            skipReasons.forEach((reason, n) -> out.append("skipped ").append(n).append(": ").append(reason).append('\n'));
        }
        out.append(line).append('\n');
        String file = System.getProperty("nexus.test.summary");
        if (file == null) {
            System.out.print(out);
            return;
        }
        try {
            Files.writeString(Path.of(file), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
