package nexus.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs real host facilities (root, LXC, bubblewrap, sshd, network namespaces…). It is tagged
 * {@code system}, runs when the host has everything listed, and is reported as skipped — naming what is
 * missing — when it does not. Set {@code NEXUS_SKIP_SYSTEM_TESTS=1} to skip them on purpose.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("system")
@ExtendWith(HostRequirementCondition.class)
public @interface SystemTest {
    HostRequirement[] value() default {};
}
