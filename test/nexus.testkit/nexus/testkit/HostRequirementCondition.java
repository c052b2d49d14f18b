package nexus.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables a {@link SystemTest} only when the host meets its requirements; the skip reason names what is missing. */
public final class HostRequirementCondition implements ExecutionCondition {

    public HostRequirementCondition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("1".equals(System.getenv("NEXUS_SKIP_SYSTEM_TESTS"))) {
            return ConditionEvaluationResult.disabled("system tests skipped on purpose (NEXUS_SKIP_SYSTEM_TESTS=1)");
        }
        Optional<AnnotatedElement> element = context.getElement();
        SystemTest annotation = element.map(e -> e.getAnnotation(SystemTest.class)).orElse(null);
        if (annotation == null) {
            return ConditionEvaluationResult.enabled("no host requirements here");
        }
        List<String> missing = new ArrayList<>();
        for (HostRequirement r : annotation.value()) {
            if (!r.present()) {
                missing.add(r.description());
            }
        }
        return missing.isEmpty()
                ? ConditionEvaluationResult.enabled("host has what this test needs")
                : ConditionEvaluationResult.disabled("host lacks " + String.join(", ", missing));
    }
}
